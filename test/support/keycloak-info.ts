export interface KeycloakInfo {
  url: string;
  username: string;
  password: string;
  version: string | undefined;
  source: string;
}

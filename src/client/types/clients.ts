/** Types used only by the clients area (src/client/admin/clients.ts). */

/** One row of `GET /client-session-stats`: Keycloak sends the counts as strings. */
export interface ClientSessionStats {
  /** The client's internal id (uuid). */
  id?: string;
  clientId?: string;
  /** Active user sessions, as a decimal string. */
  active?: string;
  /** Offline sessions, as a decimal string. */
  offline?: string;
}

/** `GET/POST /clients/{id}/client-secret`: `type` is `secret`, `value` the real secret. */
export interface ClientSecretRepresentation {
  type?: string;
  value?: string;
}

/** The key store formats `…/certificates/{attr}/upload*` accepts. */
export type ClientKeystoreFormat =
  | 'Certificate PEM'
  | 'Public Key PEM'
  | 'JSON Web Key Set'
  | 'JKS'
  | 'PKCS12'
  | (string & {});

/** Query of `GET /clients`. */
export interface ClientQuery {
  /** Filter by clientId: exact unless `search` is true (then a case-insensitive substring). */
  clientId?: string;
  search?: boolean;
  /** Attribute search, `key:value key2:value2`. */
  q?: string;
  viewableOnly?: boolean;
  first?: number;
  max?: number;
}

/** Paging of `/clients/{id}/user-sessions` and `/offline-sessions`. */
export interface ClientSessionQuery {
  first?: number;
  max?: number;
}

export interface UploadCertificateOptions {
  /** Attribute prefix the certificate is stored under. Default `jwt.credential` (signed-JWT client auth). */
  attr?: string;
  /** Default `Certificate PEM`. */
  keystoreFormat?: ClientKeystoreFormat;
  /** File name sent in the multipart part. Default `client.crt`. */
  filename?: string;
}

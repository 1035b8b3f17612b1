import { randomUUID } from 'node:crypto';
import type { ClientScopeReference } from '../types/client-scopes.js';
import type {
  ClientQuery,
  ClientSecretRepresentation,
  ClientSessionQuery,
  ClientSessionStats,
  UploadCertificateOptions,
} from '../types/clients.js';
import type {
  CertificateRepresentation,
  ClientInitialAccessPresentation,
  ClientRepresentation,
  ManagementPermissionReference,
  ProtocolMapperRepresentation,
  UserRepresentation,
  UserSessionRepresentation,
} from '../types/representations.js';
import { AdminBase, type PageOptions } from './admin-base.js';
import { mapperIdByName } from './mapper-lookup.js';

const CLIENTS = '/admin/realms/{realm}/clients';
const CLIENT = '/admin/realms/{realm}/clients/{id}';

export class ClientsApi extends AdminBase {
  /** All clients of the realm, or one page when `first`/`max` are given. */
  getClients(query: ClientQuery = {}): Promise<ClientRepresentation[]> {
    return this.list<ClientRepresentation>(CLIENTS, { query: { ...query } });
  }

  /** Pages through `GET /clients`. */
  iterClients(
    query: ClientQuery = {},
    options: PageOptions = {},
  ): AsyncGenerator<ClientRepresentation, void, undefined> {
    return this.paginate<ClientRepresentation>(CLIENTS, { ...options, query: { ...query } });
  }

  /** `clientId` is the internal id (uuid), not the OAuth client id. */
  getClient(clientId: string): Promise<ClientRepresentation> {
    return this.get<ClientRepresentation>(CLIENT, { params: { id: clientId } });
  }

  /** The client whose OAuth `clientId` is exactly `clientId`, or `undefined`. */
  async getClientByClientId(clientId: string): Promise<ClientRepresentation | undefined> {
    const found = await this.get<ClientRepresentation[]>(CLIENTS, { query: { clientId, search: false } });
    return found.find((client) => client.clientId === clientId);
  }

  /** Internal id (uuid) of the client with OAuth `clientId`, or `undefined` when there is none. */
  async getClientId(clientId: string): Promise<string | undefined> {
    return (await this.getClientByClientId(clientId))?.id;
  }

  /** The `service-account-<clientId>` user; Keycloak answers 400 when service accounts are off. */
  getClientServiceAccountUser(clientId: string): Promise<UserRepresentation> {
    return this.get<UserRepresentation>(`${CLIENT}/service-account-user`, { params: { id: clientId } });
  }

  /** Creates a client and returns its internal id. With `skipExists`, an existing clientId resolves to its id. */
  createClient(payload: ClientRepresentation, options: { skipExists?: boolean } = {}): Promise<string> {
    const lookup = async () => (payload.clientId ? this.getClientId(payload.clientId) : undefined);
    return this.create(CLIENTS, payload, lookup, { existOk: options.skipExists });
  }

  /** A PUT replaces the client: fields left out are reset, so send the full representation. */
  async updateClient(clientId: string, payload: ClientRepresentation): Promise<void> {
    await this.put(CLIENT, payload, { params: { id: clientId } });
  }

  async deleteClient(clientId: string): Promise<void> {
    await this.delete(CLIENT, { params: { id: clientId } });
  }

  /**
   * Adapter configuration from an installation provider (ids in server info `clientInstallations`,
   * e.g. `keycloak-oidc-keycloak-json`): parsed JSON when the answer is JSON, otherwise the text
   * (XML providers). Keycloak labels even the JSON ones `text/plain`. The output can carry the
   * client secret.
   */
  async getClientInstallationProvider(clientId: string, providerId: string): Promise<unknown> {
    const response = await this.call('GET', `${CLIENT}/installation/providers/{providerId}`, {
      params: { id: clientId, providerId },
    });
    return response.body;
  }

  getMappersFromClient(clientId: string): Promise<ProtocolMapperRepresentation[]> {
    return this.get<ProtocolMapperRepresentation[]>(`${CLIENT}/protocol-mappers/models`, {
      params: { id: clientId },
    });
  }

  /** Adds a protocol mapper to the client; returns the new mapper's id. */
  async addMapperToClient(clientId: string, payload: ProtocolMapperRepresentation): Promise<string> {
    // A mapper's name is unique in its client: the natural key that finds a lost create.
    return this.create(
      `${CLIENT}/protocol-mappers/models`,
      payload,
      async () => mapperIdByName(await this.getMappersFromClient(clientId), payload),
      {
        params: { id: clientId },
      },
    );
  }

  /** Put the mapper's `id` in the payload as well: Keycloak answers 500 without it. */
  async updateClientMapper(
    clientId: string,
    mapperId: string,
    payload: ProtocolMapperRepresentation,
  ): Promise<void> {
    await this.put(`${CLIENT}/protocol-mappers/models/{mapperId}`, payload, {
      params: { id: clientId, mapperId },
    });
  }

  async removeClientMapper(clientId: string, clientMapperId: string): Promise<void> {
    await this.delete(`${CLIENT}/protocol-mappers/models/{mapperId}`, {
      params: { id: clientId, mapperId: clientMapperId },
    });
  }

  /** Generates a new secret for a confidential client and returns it (the real value). */
  generateClientSecrets(clientId: string): Promise<ClientSecretRepresentation> {
    return this.postJson<ClientSecretRepresentation>(`${CLIENT}/client-secret`, undefined, {
      params: { id: clientId },
    });
  }

  /** The client's current secret, unmasked; a public client's answer has no `value`. */
  getClientSecrets(clientId: string): Promise<ClientSecretRepresentation> {
    return this.get<ClientSecretRepresentation>(`${CLIENT}/client-secret`, { params: { id: clientId } });
  }

  /** User sessions that used the client: all of them, or one page when `first`/`max` are given. */
  getClientAllSessions(
    clientId: string,
    query: ClientSessionQuery = {},
  ): Promise<UserSessionRepresentation[]> {
    return this.list<UserSessionRepresentation>(`${CLIENT}/user-sessions`, {
      params: { id: clientId },
      query: { ...query },
    });
  }

  iterClientAllSessions(
    clientId: string,
    query: ClientSessionQuery = {},
    options: PageOptions = {},
  ): AsyncGenerator<UserSessionRepresentation, void, undefined> {
    return this.paginate<UserSessionRepresentation>(`${CLIENT}/user-sessions`, {
      ...options,
      params: { id: clientId },
      query: { ...query },
    });
  }

  /** Offline sessions of the client (tokens obtained with `offline_access`). */
  getClientOfflineSessions(
    clientId: string,
    query: ClientSessionQuery = {},
  ): Promise<UserSessionRepresentation[]> {
    return this.list<UserSessionRepresentation>(`${CLIENT}/offline-sessions`, {
      params: { id: clientId },
      query: { ...query },
    });
  }

  iterClientOfflineSessions(
    clientId: string,
    query: ClientSessionQuery = {},
    options: PageOptions = {},
  ): AsyncGenerator<UserSessionRepresentation, void, undefined> {
    return this.paginate<UserSessionRepresentation>(`${CLIENT}/offline-sessions`, {
      ...options,
      params: { id: clientId },
      query: { ...query },
    });
  }

  /** Session counts of every client of the realm that has sessions (clients without any are left out). */
  getClientSessionsStats(): Promise<ClientSessionStats[]> {
    return this.get<ClientSessionStats[]>('/admin/realms/{realm}/client-session-stats');
  }

  /**
   * Fine-grained admin permissions v1 for the client. Keycloak 26.2+ ships v2
   * (`ADMIN_FINE_GRAINED_AUTHZ_V2`, on by default) and disables v1: the server then answers
   * 501 "Feature not enabled" whatever the realm's `adminPermissionsEnabled` says.
   */
  getClientManagementPermissions(clientId: string): Promise<ManagementPermissionReference> {
    return this.get<ManagementPermissionReference>(`${CLIENT}/management/permissions`, {
      params: { id: clientId },
    });
  }

  /** python's argument order (payload first). Same v1 caveat as `getClientManagementPermissions`. */
  updateClientManagementPermissions(
    payload: ManagementPermissionReference,
    clientId: string,
  ): Promise<ManagementPermissionReference> {
    return this.put<ManagementPermissionReference>(`${CLIENT}/management/permissions`, payload, {
      params: { id: clientId },
    });
  }

  /**
   * Uploads a certificate (PEM text by default) as the client's `jwt.credential` certificate,
   * replacing the stored one; returns what the server stored. Sent as multipart form data.
   */
  async uploadCertificate(
    clientId: string,
    certcont: string,
    options: UploadCertificateOptions = {},
  ): Promise<CertificateRepresentation> {
    const { body, contentType } = multipart({
      keystoreFormat: { value: options.keystoreFormat ?? 'Certificate PEM' },
      file: {
        value: certcont,
        filename: options.filename ?? 'client.crt',
        contentType: 'application/x-x509-ca-cert',
      },
    });
    const response = await this.call('POST', `${CLIENT}/certificates/{attr}/upload-certificate`, {
      params: { id: clientId, attr: options.attr ?? 'jwt.credential' },
      raw: { body, contentType },
    });
    return response.json<CertificateRepresentation>();
  }

  /**
   * Generates a new key pair and self-signed certificate under attribute prefix `attr` and stores
   * the certificate on the client. The answer includes the private key: keep it out of logs.
   */
  generateClientCertificate(clientId: string, attr = 'jwt.credential'): Promise<CertificateRepresentation> {
    return this.postJson<CertificateRepresentation>(`${CLIENT}/certificates/{attr}/generate`, undefined, {
      params: { id: clientId, attr },
    });
  }

  /** The certificate (and key, if stored) under attribute prefix `attr`. */
  getClientCertificate(clientId: string, attr = 'jwt.credential'): Promise<CertificateRepresentation> {
    return this.get<CertificateRepresentation>(`${CLIENT}/certificates/{attr}`, {
      params: { id: clientId, attr },
    });
  }

  /**
   * The certificate and key info stored under attribute prefix `attribute` (e.g. `jwt.credential`).
   * @alias getClientCertificate
   */
  getClientCertificateKeyInfo(clientId: string, attribute: string): Promise<CertificateRepresentation> {
    return this.getClientCertificate(clientId, attribute);
  }

  /**
   * Creates an initial access token for dynamic client registration (`KeycloakOpenID.registerClient`):
   * `count` registrations allowed, valid `expiration` seconds. The answer carries the `token`,
   * returned only this once.
   */
  createInitialAccessToken(count = 1, expiration = 1): Promise<ClientInitialAccessPresentation> {
    return this.postJson<ClientInitialAccessPresentation>('/admin/realms/{realm}/clients-initial-access', {
      count,
      expiration,
    });
  }

  /** Issues a new registration access token; returned in the client's `registrationAccessToken`. */
  regenerateRegistrationAccessToken(clientId: string): Promise<ClientRepresentation> {
    return this.postJson<ClientRepresentation>(`${CLIENT}/registration-access-token`, undefined, {
      params: { id: clientId },
    });
  }

  /** Client scopes attached to the client as default scopes. */
  getClientDefaultClientScopes(clientId: string): Promise<ClientScopeReference[]> {
    return this.get<ClientScopeReference[]>(`${CLIENT}/default-client-scopes`, { params: { id: clientId } });
  }

  /**
   * Attaches a client scope as a default scope. The server ignores any body, so unlike newer
   * python-keycloak there is no payload argument. A scope already attached (either way) stays
   * as it is, and the answer is still 204.
   */
  async addClientDefaultClientScope(
    clientId: string,
    clientScopeId: string,
    payload?: unknown,
  ): Promise<void> {
    // python sends a body the server ignores; it is passed on for fidelity.
    await this.put(`${CLIENT}/default-client-scopes/{scopeId}`, payload, {
      params: { id: clientId, scopeId: clientScopeId },
    });
  }

  async deleteClientDefaultClientScope(clientId: string, clientScopeId: string): Promise<void> {
    await this.delete(`${CLIENT}/default-client-scopes/{scopeId}`, {
      params: { id: clientId, scopeId: clientScopeId },
    });
  }

  getClientOptionalClientScopes(clientId: string): Promise<ClientScopeReference[]> {
    return this.get<ClientScopeReference[]>(`${CLIENT}/optional-client-scopes`, { params: { id: clientId } });
  }

  /** Attaches a client scope as an optional scope; same rules as `addClientDefaultClientScope`. */
  async addClientOptionalClientScope(
    clientId: string,
    clientScopeId: string,
    payload?: unknown,
  ): Promise<void> {
    await this.put(`${CLIENT}/optional-client-scopes/{scopeId}`, payload, {
      params: { id: clientId, scopeId: clientScopeId },
    });
  }

  async deleteClientOptionalClientScope(clientId: string, clientScopeId: string): Promise<void> {
    await this.delete(`${CLIENT}/optional-client-scopes/{scopeId}`, {
      params: { id: clientId, scopeId: clientScopeId },
    });
  }
}

interface MultipartField {
  value: string;
  filename?: string;
  contentType?: string;
}

/** Encodes a multipart/form-data body (text fields only). */
function multipart(fields: Record<string, MultipartField>): { body: Buffer; contentType: string } {
  const boundary = `----realmform${randomUUID().replaceAll('-', '')}`;
  const parts: Buffer[] = [];
  for (const [name, field] of Object.entries(fields)) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${name}"`;
    if (field.filename !== undefined) head += `; filename="${field.filename.replace(/["\r\n]/g, '_')}"`;
    head += '\r\n';
    if (field.contentType) head += `Content-Type: ${field.contentType}\r\n`;
    parts.push(Buffer.from(`${head}\r\n`), Buffer.from(field.value, 'utf8'), Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/**
 * Variables the corpus uses, as its own tests set them. keycloak-config-cli reads `sys:` from Java
 * system properties; realmform reads `sys:` from the same variables as `env:`.
 * Note: keycloak-config-cli substitutes into the raw JSON text, so its test value for the display
 * name carries JSON escapes (`\"`); realmform substitutes into the parsed string, so it needs none.
 */
export const CORPUS_VARIABLES: Record<string, string> = {
  'kcc.junit.display-name': '<div class="kc-logo-text"><span>Keycloak</span></div>',
  'kcc.junit.verify-email': 'true',
  'kcc.junit.not-before': '1200',
  'kcc.junit.browser-security-headers': '{"xRobotsTag":"noindex"}',
  JAVA_HOME: '/opt/java',
  JUNIT_LDAP_HOST: 'localhost',
  JUNIT_LDAP_PORT: '10389',
};

/*
 * The test suite's LDAP server: UnboundID's in-memory directory server, compiled once into the
 * cache and started by ldap-server.ts. The SDK's ready-made tool cannot choose the listen
 * address and listens on every interface; this one listens on 127.0.0.1 only, on a port the
 * system picks (no race with other servers), takes the bind password from the environment (not
 * the command line, which other local users can read), and announces itself only after a real
 * LDAP bind over its socket succeeded.
 *
 * Usage: java -cp unboundid-ldapsdk.jar:<classes> LdapServerMain <baseDn> <bindDn> <seed.ldif>
 * with LDAP_BIND_PASSWORD set (`java -cp unboundid-ldapsdk.jar ldap-server-main.java …` works too).
 */
import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.LDAPConnection;
import java.net.InetAddress;

final class LdapServerMain {
  public static void main(String[] args) throws Exception {
    String password = System.getenv("LDAP_BIND_PASSWORD");
    if (args.length != 3 || password == null) {
      System.err.println("usage: LDAP_BIND_PASSWORD=… LdapServerMain <baseDn> <bindDn> <seed.ldif>");
      System.exit(2);
    }
    String baseDn = args[0];
    String bindDn = args[1];
    InetAddress loopback = InetAddress.getByName("127.0.0.1");

    InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(baseDn);
    config.addAdditionalBindCredentials(bindDn, password);
    config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("loopback", loopback, 0, null));
    InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
    server.importFromLDIF(true, args[2]);
    server.startListening();

    int port = server.getListenPort();
    try (LDAPConnection connection = new LDAPConnection(loopback.getHostAddress(), port)) {
      connection.bind(bindDn, password);
    }
    System.out.println("LDAP server ready on 127.0.0.1:" + port);
  }
}

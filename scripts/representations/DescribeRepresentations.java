// Prints, as JSON, the properties Jackson (as Keycloak configures it) reads and writes for each
// representation class named on the command line, and for every org.keycloak representation they
// reach. Run by scripts/generate-representations.ts with a Keycloak distribution's jars on the
// class path; the JSON is the input of the generated TypeScript types.
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.type.TypeFactory;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

public class DescribeRepresentations {
  public static void main(String[] args) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    Deque<Class<?>> queue = new ArrayDeque<>();
    for (String name : args) queue.add(Class.forName(name));
    Set<Class<?>> seen = new LinkedHashSet<>();
    TreeMap<String, String> out = new TreeMap<>();
    while (!queue.isEmpty()) {
      Class<?> type = queue.poll();
      if (!seen.add(type)) continue;
      StringBuilder json = new StringBuilder();
      if (type.isEnum()) {
        json.append("{\"enum\":[");
        Object[] constants = type.getEnumConstants();
        for (int i = 0; i < constants.length; i++) {
          if (i > 0) json.append(',');
          json.append(quote(mapper.writeValueAsString(constants[i]).replace("\"", "")));
        }
        json.append("]}");
        out.put(type.getName(), json.toString());
        continue;
      }
      JavaType javaType = TypeFactory.defaultInstance().constructType(type);
      BeanDescription description = mapper.getSerializationConfig().introspect(javaType);
      BeanDescription input = mapper.getDeserializationConfig().introspect(javaType);
      // What Keycloak reads from a request and what it writes in a response: a property may be
      // only one of the two (a setter alias such as a resource's `uri`, a computed getter).
      TreeMap<String, BeanPropertyDefinition> readable = new TreeMap<>();
      for (BeanPropertyDefinition property : description.findProperties()) {
        if (property.couldSerialize()) readable.put(property.getName(), property);
      }
      TreeMap<String, BeanPropertyDefinition> writable = new TreeMap<>();
      for (BeanPropertyDefinition property : input.findProperties()) {
        if (property.couldDeserialize()) writable.put(property.getName(), property);
      }
      Set<String> names = new LinkedHashSet<>();
      for (BeanPropertyDefinition property : description.findProperties()) {
        if (readable.containsKey(property.getName())) names.add(property.getName());
      }
      names.addAll(writable.keySet());
      json.append("{\"properties\":[");
      boolean first = true;
      for (String name : names) {
        BeanPropertyDefinition property = readable.containsKey(name) ? readable.get(name) : writable.get(name);
        JavaType propertyType = readable.containsKey(name)
            ? property.getPrimaryType()
            : writable.get(name).getSetter() != null
                ? writable.get(name).getSetter().getParameterType(0)
                : property.getPrimaryType();
        if (!first) json.append(',');
        first = false;
        json.append("{\"name\":").append(quote(name));
        json.append(",\"type\":").append(quote(propertyType.toCanonical()));
        json.append(",\"deprecated\":").append(isDeprecated(property));
        json.append(",\"readable\":").append(readable.containsKey(name));
        json.append(",\"writable\":").append(writable.containsKey(name));
        json.append('}');
        enqueue(propertyType, queue);
      }
      json.append("]}");
      out.put(type.getName(), json.toString());
    }
    StringBuilder all = new StringBuilder("{\n");
    boolean first = true;
    for (var entry : out.entrySet()) {
      if (!first) all.append(",\n");
      first = false;
      all.append("  ").append(quote(entry.getKey())).append(": ").append(entry.getValue());
    }
    System.out.println(all.append("\n}"));
  }

  private static boolean isDeprecated(BeanPropertyDefinition property) {
    return (property.getField() != null && property.getField().hasAnnotation(Deprecated.class))
        || (property.getGetter() != null && property.getGetter().hasAnnotation(Deprecated.class));
  }

  private static void enqueue(JavaType type, Deque<Class<?>> queue) {
    Class<?> raw = type.getRawClass();
    if (raw.getName().startsWith("org.keycloak.") && !raw.isInterface()) queue.add(raw);
    for (int i = 0; i < type.containedTypeCount(); i++) enqueue(type.containedType(i), queue);
    if (type.getContentType() != null) enqueue(type.getContentType(), queue);
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}

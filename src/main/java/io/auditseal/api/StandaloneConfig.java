package io.auditseal.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.auditseal.api.v1alpha1.ApiGroup;
import io.auditseal.api.v1alpha1.chain.AuditChain;
import io.auditseal.chain.ChainConfigException;
import io.auditseal.chain.SecretSource;
import io.auditseal.format.ChainId;
import io.fabric8.kubernetes.api.model.Secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Chain configuration for standalone mode: the {@code AuditChain} resources and the {@code Secret}s they reference,
 * read from the Kubernetes-style YAML files ({@code *.yaml}, {@code *.yml}, several documents each) of one directory.
 * Resources without a namespace are in {@code default}, as kubectl would place them.
 */
public final class StandaloneConfig implements SecretSource {

    private static final String DEFAULT_NAMESPACE = "default";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private final List<AuditChain> chains;
    private final Map<String, Secret> secrets;

    private StandaloneConfig(List<AuditChain> chains, Map<String, Secret> secrets) {
        this.chains = List.copyOf(chains);
        this.secrets = Map.copyOf(secrets);
    }

    public static StandaloneConfig load(Path directory) throws ChainConfigException {
        if (!Files.isDirectory(directory)) {
            throw new ChainConfigException("chain configuration directory " + directory + " does not exist");
        }
        List<AuditChain> chains = new ArrayList<>();
        Map<String, Secret> secrets = new HashMap<>();
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new ChainConfigException("cannot list " + directory + ": " + e.getMessage(), e);
        }
        for (Path file : files) {
            readFile(file, chains, secrets);
        }
        return new StandaloneConfig(chains, secrets);
    }

    private static void readFile(Path file, List<AuditChain> chains, Map<String, Secret> secrets)
            throws ChainConfigException {
        List<JsonNode> documents = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(Files.readString(file, StandardCharsets.UTF_8))) {
            ObjectReader reader = YAML.readerFor(JsonNode.class);
            var iterator = reader.readValues(parser);
            while (iterator.hasNext()) {
                JsonNode node = (JsonNode) iterator.next();
                if (node != null && !node.isNull() && !node.isMissingNode()) {
                    documents.add(node);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new ChainConfigException(file + " is not valid YAML: " + e.getMessage(), e);
        }
        for (int i = 0; i < documents.size(); i++) {
            JsonNode document = documents.get(i);
            String where = file + " document " + (i + 1);
            String kind = document.path("kind").asText("");
            String apiVersion = document.path("apiVersion").asText("");
            try {
                if (kind.equals("AuditChain") && apiVersion.equals(ApiGroup.API_VERSION)) {
                    AuditChain chain = YAML.treeToValue(document, AuditChain.class);
                    if (chain.getMetadata() == null || chain.getMetadata().getName() == null) {
                        throw new ChainConfigException(where + ": AuditChain has no metadata.name");
                    }
                    if (chain.getMetadata().getNamespace() == null) {
                        chain.getMetadata().setNamespace(DEFAULT_NAMESPACE);
                    }
                    chains.add(chain);
                } else if (kind.equals("Secret") && apiVersion.equals("v1")) {
                    Secret secret = YAML.treeToValue(document, Secret.class);
                    String namespace = secret.getMetadata().getNamespace() == null
                            ? DEFAULT_NAMESPACE : secret.getMetadata().getNamespace();
                    secrets.put(namespace + "/" + secret.getMetadata().getName(), secret);
                } else {
                    throw new ChainConfigException(where + ": kind " + kind + " apiVersion " + apiVersion
                            + " is neither an " + ApiGroup.API_VERSION + " AuditChain nor a v1 Secret");
                }
            } catch (IOException e) {
                throw new ChainConfigException(where + ": " + e.getMessage(), e);
            }
        }
    }

    public List<AuditChain> chains() {
        return chains;
    }

    @Override
    public Optional<byte[]> read(ChainId chain, String name, String key) {
        // The YAML is the sink's own configuration, not a namespace others write to: every Secret in it is given.
        Secret secret = secrets.get(chain.namespace() + "/" + name);
        if (secret == null) {
            return Optional.empty();
        }
        if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
            return Optional.of(secret.getStringData().get(key).getBytes(StandardCharsets.UTF_8));
        }
        if (secret.getData() != null && secret.getData().containsKey(key)) {
            return Optional.of(Base64.getMimeDecoder().decode(secret.getData().get(key)));
        }
        return Optional.empty();
    }
}

package io.github.jvmpagemap.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.github.jvmpagemap.samples.it.harness.JmcRulesJar;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.BundleWiring;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The rules jar as the JMC application loads it: an OSGi bundle resolved by Equinox beside
 * JMC's own bundles (common, flightrecorder, flightrecorder.rules and what they require), whose
 * class loader lists the rules to ServiceLoader as JMC's ExtensionRuleProvider asks it, and whose
 * plugin.xml extends JMC's rule-provider extension point.
 */
class JmcBundleIT {
    static final Path BUNDLES = Path.of(System.getProperty("jvmpagemap.jmcBundles", "target/jmc-bundles"));
    static final String RULE_PROVIDER = "org.openjdk.jmc.flightrecorder.rules.ruleProvider";

    @TempDir
    Path storage;

    @Test
    void theRulesBundleResolvesBesideJmcsBundlesAndListsItsRulesToTheRuleProvider() throws Exception {
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).iterator().next();
        Framework framework = factory.newFramework(Map.of(Constants.FRAMEWORK_STORAGE, storage.toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        framework.start();
        try {
            BundleContext context = framework.getBundleContext();
            try (Stream<Path> jars = Files.list(BUNDLES)) {
                for (Path jar : jars.sorted().toList()) {
                    context.installBundle(jar.toUri().toString());
                }
            }
            Bundle rules = context.installBundle(JmcRulesJar.PATH.toAbsolutePath().toUri().toString());
            rules.start(); // resolves it: a requirement JMC's bundles do not meet throws, naming it
            assertEquals(Bundle.ACTIVE, rules.getState());
            assertEquals("io.github.jvmpagemap.jmc.rules", rules.getSymbolicName());

            ClassLoader loader = rules.adapt(BundleWiring.class).getClassLoader();
            Class<?> rule = loader.loadClass("org.openjdk.jmc.flightrecorder.rules.IRule");
            List<String> ids = new ArrayList<>();
            for (Object r : ServiceLoader.load(rule, loader)) {
                ids.add((String) rule.getMethod("getId").invoke(r));
            }
            assertEquals(JmcRulesJar.RULES, ids);

            URL pluginXml = rules.getEntry("plugin.xml");
            assertNotNull(pluginXml, "plugin.xml at the bundle's root");
            try (InputStream in = pluginXml.openStream()) {
                NodeList extensions = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in)
                        .getElementsByTagName("extension");
                assertEquals(1, extensions.getLength());
                Element extension = (Element) extensions.item(0);
                assertEquals(RULE_PROVIDER, extension.getAttribute("point"));
                assertEquals(1, extension.getElementsByTagName("ruleProvider").getLength());
            }
        } finally {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }
}

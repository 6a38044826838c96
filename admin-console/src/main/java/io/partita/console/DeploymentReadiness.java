package io.partita.console;

import fish.payara.micro.PayaraMicro;
import fish.payara.micro.PayaraMicroRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Ready once every application of the node is deployed: those bin/partita names in system property
 * {@value #APPLICATIONS} (Partita's modules and its {@code --deploy} applications), as Payara Micro lists them.
 * The node's own readiness (listener, cluster) is the API's check; MicroProfile Health answers UP only when both are.
 *
 * <p>This check is in the console because bin/partita deploys the console first: Payara Micro answers
 * {@code /health/ready} UP as soon as one application runs and no readiness check is registered, so the first
 * application deployed must carry one. Without the property (the EAR on Payara Server, whose modules start as one
 * application) there is nothing to wait for. Stateless; the runtime is asked at each call.
 */
@Readiness
@ApplicationScoped
public class DeploymentReadiness implements HealthCheck {

    static final String APPLICATIONS = "partita.applications";

    @Override
    public HealthCheckResponse call() {
        List<String> expected = Arrays.stream(System.getProperty(APPLICATIONS, "").split(","))
                .map(String::strip).filter(name -> !name.isEmpty()).toList();
        Collection<String> deployed = expected.isEmpty() ? Set.of() : deployedApplications();
        List<String> missing = expected.stream().filter(name -> !deployed.contains(name)).toList();
        return HealthCheckResponse.named("partita-applications-deployed")
                .status(missing.isEmpty())
                .withData("missing", String.join(",", missing))
                .build();
    }

    /**
     * Payara Micro creates its runtime only after the post-boot deployments (Partita's modules); until then there is
     * none. Touches Payara Micro's classes only when called, so the console still deploys on Payara Server.
     */
    private static Collection<String> deployedApplications() {
        try {
            PayaraMicroRuntime runtime = PayaraMicro.getInstance().getRuntime();
            return runtime == null ? Set.of() : runtime.getDeployedApplicationNames();
        } catch (IllegalStateException notRunningYet) {
            return Set.of();
        }
    }
}

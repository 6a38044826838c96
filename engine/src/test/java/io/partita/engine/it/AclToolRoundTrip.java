package io.partita.engine.it;

import io.partita.engine.cluster.KafkaTool;
import org.apache.kafka.tools.AclCommand;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 14's kafka-acls.sh round trip, the same over any listener: one prefixed topic ACL added, listed and removed. */
final class AclToolRoundTrip {

    private AclToolRoundTrip() {
    }

    /**
     * Runs the tool's --add, --list and --remove against {@code bootstrap}, connected with {@code connection} (e.g.
     * {@code --command-config FILE}), and checks the audit lines of the changes name {@code principal}.
     */
    static void run(String bootstrap, String principal, CapturedLog audit, String... connection) {
        KafkaTool.Result added = KafkaTool.run(AclCommand::main, args(bootstrap, connection, "--add",
                "--allow-principal", "User:alice", "--operation", "Read", "--operation", "Describe", "--topic", "acl-tool",
                "--resource-pattern-type", "prefixed"));
        assertThat(added.exitCode()).as(added.output()).isZero();
        assertThat(added.output()).contains("Adding ACLs for resource `ResourcePattern(resourceType=TOPIC, name=acl-tool, patternType=PREFIXED)`:")
                .contains("(principal=User:alice, host=*, operation=READ, permissionType=ALLOW)");

        KafkaTool.Result listed = KafkaTool.run(AclCommand::main, args(bootstrap, connection, "--list",
                "--topic", "acl-tool", "--resource-pattern-type", "prefixed"));
        assertThat(listed.output())
                .contains("Current ACLs for resource `ResourcePattern(resourceType=TOPIC, name=acl-tool, patternType=PREFIXED)`:")
                .contains("(principal=User:alice, host=*, operation=READ, permissionType=ALLOW)")
                .contains("(principal=User:alice, host=*, operation=DESCRIBE, permissionType=ALLOW)");

        KafkaTool.Result removed = KafkaTool.run(AclCommand::main, args(bootstrap, connection, "--remove", "--force",
                "--allow-principal", "User:alice", "--operation", "Read", "--topic", "acl-tool", "--resource-pattern-type", "prefixed"));
        assertThat(removed.exitCode()).as(removed.output()).isZero();
        KafkaTool.Result after = KafkaTool.run(AclCommand::main, args(bootstrap, connection, "--list",
                "--topic", "acl-tool", "--resource-pattern-type", "prefixed"));
        assertThat(after.output()).as("what Kafka 4.4 prints").isEqualTo(
                "Current ACLs for resource `ResourcePattern(resourceType=TOPIC, name=acl-tool, patternType=PREFIXED)`:\n"
                        + "\t(principal=User:alice, host=*, operation=DESCRIBE, permissionType=ALLOW)\n\n");

        String acl = "resource=topic:acl-tool outcome=ok pattern=prefixed principal=User:alice host=* operation=";
        assertThat(audit.containing("action=CreateAcls")).as("one audit line per ACL created")
                .anySatisfy(line -> assertThat(line).contains("via=kafka principal=" + principal, acl + "read permission=allow"))
                .anySatisfy(line -> assertThat(line).contains(acl + "describe permission=allow"));
        assertThat(audit.containing("action=DeleteAcls")).as("one audit line per ACL removed")
                .singleElement().satisfies(line -> assertThat(line).contains(acl + "read permission=allow"));
    }

    private static String[] args(String bootstrap, String[] connection, String... command) {
        List<String> args = new ArrayList<>(List.of("--bootstrap-server", bootstrap));
        args.addAll(List.of(connection));
        args.addAll(List.of(command));
        return args.toArray(String[]::new);
    }
}

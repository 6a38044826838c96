package io.partita.systemtests;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What one run of a command printed and returned. Immutable.
 *
 * @param command   the command line, for failure messages
 * @param exitCode  the process's exit code
 * @param stdout    everything written to standard output
 * @param stderr    everything written to standard error
 */
record ToolRun(List<String> command, int exitCode, String stdout, String stderr) {

    /** The standard output's lines, without blank ones. */
    List<String> lines() {
        return stdout.lines().filter(line -> !line.isBlank()).toList();
    }

    @Override
    public String toString() {
        String shownCommand = command.stream().map(arg -> arg.length() > 200 ? "<" + arg.length() + " chars>" : arg)
                .collect(Collectors.joining(" "));
        return shownCommand + "\nexit code " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
}

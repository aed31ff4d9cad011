package io.github.jvmpagemap.cli;

import java.util.List;

/** One command of the command line: its arguments in, its result on stdout, its failure a {@link CommandFailure}. */
interface Command {

    /** @param args the arguments after the command's name */
    void run(List<String> args) throws Exception;
}

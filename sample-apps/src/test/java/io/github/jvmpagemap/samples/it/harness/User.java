package io.github.jvmpagemap.samples.it.harness;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;

/** Who runs a sample app: the tests' own user, or {@code nobody} (root drops to it with setpriv). */
public enum User {
    SELF,
    NOBODY;

    /** The command that runs the app as this user; skips the test where that cannot be done here. */
    public List<String> wrapper() {
        if (this == SELF) {
            return List.of();
        }
        assumeTrue(Requirement.ROOT.met(), "needs root to run an app as nobody");
        assumeTrue(Requirement.SETPRIV.met(), Requirement.SETPRIV.reason());
        return List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups");
    }

    @Override
    public String toString() {
        return this == SELF ? "" : "as nobody";
    }
}

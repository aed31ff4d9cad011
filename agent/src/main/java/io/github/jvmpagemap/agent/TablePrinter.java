package io.github.jvmpagemap.agent;

import io.github.jvmpagemap.residency.Residency;
import io.github.jvmpagemap.residency.ResidencySource;
import io.github.jvmpagemap.view.ResidencyTable;
import java.time.Duration;

/** The {@code print} option: the residency table on stderr, from a scan no older than the period. */
final class TablePrinter implements Runnable {
    private final ResidencySource source;
    private final Duration period;

    TablePrinter(ResidencySource source, Duration period) {
        this.source = source;
        this.period = period;
    }

    @Override
    public void run() {
        try {
            Residency r = source.fresh(period.minusMillis(1));
            if (r == null) {
                return;
            }
            System.err.print(ResidencyTable.format(r));
            System.err.flush();
        } catch (Throwable t) {
            AgentLog.problemOnce("cannot print the table (" + t + ")");
        }
    }
}

package io.github.jvmpagemap.samples;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Threads named as an application may name them, with what a terminal or a page would act on:
 * escape sequences that colour a terminal and set its title, a line break that starts what reads
 * like another row, an emoji (a character beyond the BMP, which HotSpot gives the kernel in
 * modified UTF-8), and markup with quotes. Each thread's stack is {@value #DEPTH} frames deep, so
 * that its group is among the largest, and waits there.
 */
final class NamedThreadsScenario implements Scenario {
    /** The names, one thread each; none ends in a digit, so each is a group of its own. */
    static final List<String> NAMES = List.of(
            "esc\u001b[31mRED\u001b[0m\u001b]0;title\u0007",
            "two\nlines Java Heap 1 GiB",
            "party \uD83C\uDF89 time",
            "<img src=x onerror=\"alert(1)\">'quoted' & <b>bold</b>");
    private static final int DEPTH = 4000;

    @Override
    public String name() {
        return "named";
    }

    @Override
    public String description() {
        return NAMES.size() + " threads with deep stacks, named with escape sequences, a line break, an emoji and"
                + " markup";
    }

    @Override
    public void run(Deadline deadline) throws InterruptedException {
        CountDownLatch deep = new CountDownLatch(NAMES.size());
        CountDownLatch done = new CountDownLatch(1);
        for (String name : NAMES) {
            Thread thread = new Thread(() -> DeepStack.recurse(DEPTH, deep, done), name);
            thread.setDaemon(true);
            thread.start();
        }
        deep.await();
        report(NAMES.size() + " named threads, ready");
        deadline.sleepUntilPassed();
        done.countDown();
    }
}

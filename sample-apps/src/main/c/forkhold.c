/*
 * The native half of the samples' "forked" scenario: fork() without exec, so that the child
 * holds every private page of the JVM copy-on-write (shared, map count 2), as a process that
 * forks a worker does. The child does nothing but wait, and dies with its parent.
 * Build: gcc -O2 -Wall -shared -fPIC -o libforkhold.so forkhold.c
 */
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

/* JNI: static native int forkAndHold() of io.github.jvmpagemap.samples.ForkedScenario. jint is
 * int, and the JNIEnv and jclass arguments are not used, so no JNI header is needed. */
int Java_io_github_jvmpagemap_samples_ForkedScenario_forkAndHold(void *env, void *cls) {
    (void) env;
    (void) cls;
    pid_t parent = getpid();
    pid_t child = fork();
    if (child == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) {
            _exit(0); /* the parent died before the line above */
        }
        for (;;) {
            pause();
        }
    }
    return child;
}

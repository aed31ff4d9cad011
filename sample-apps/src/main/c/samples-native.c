/*
 * The native half of the samples that share memory the way only native code can ask for:
 * "forked" forks without exec, so that the child holds every private page of the JVM
 * copy-on-write (shared, map count 2), as a process that forks a worker does; "merged" offers
 * all of the JVM's memory to KSM, which merges equal pages into one shared page; "native" maps
 * anonymous memory with mmap directly, as JNI code or a library does, which no allocator owns;
 * "fragmented" maps memory in which present and absent pages alternate; "forked" with rounds
 * forks, again and again, a child that reads and writes memory its parent has just written.
 * Build: gcc -O2 -Wall -shared -fPIC -o libsamples-native.so samples-native.c
 *
 * JNI without a JNI header: each function is a static native method of its scenario, jint is
 * int, and the JNIEnv and jclass arguments are not used.
 */
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef PR_SET_MEMORY_MERGE
#define PR_SET_MEMORY_MERGE 67
#endif

/* ForkedScenario.forkAndHold(): the child's pid; the child waits, and dies with its parent. */
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

/* ForkedScenario.mapPages(bytes): an anonymous private mapping, nothing written yet; 0 on failure. */
long Java_io_github_jvmpagemap_samples_ForkedScenario_mapPages(void *env, void *cls, long bytes) {
    (void) env;
    (void) cls;
    void *memory = mmap(NULL, (size_t) bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return memory == MAP_FAILED ? 0 : (long) memory;
}

/*
 * ForkedScenario.forkRound(address, bytes, round): writes round into the first byte of every page
 * of [address, address + bytes), then forks a child that checks each page holds it, writes round + 1
 * into each and checks that, and exits 0 (3 if a page held something else, 4 if its write did not
 * hold). The parent waits for the child, then checks its own pages still hold round: the child's
 * writes went to copies. The child's exit status, 128 + the signal that ended it, 5 if the parent's
 * pages changed, or -1 if fork or waitpid failed. Only async-signal-safe calls in the child.
 */
int Java_io_github_jvmpagemap_samples_ForkedScenario_forkRound(void *env, void *cls, long address, long bytes,
        int round) {
    (void) env;
    (void) cls;
    volatile unsigned char *memory = (volatile unsigned char *) address;
    unsigned char value = (unsigned char) round;
    for (long at = 0; at < bytes; at += 4096) {
        memory[at] = value;
    }
    pid_t child = fork();
    if (child == 0) {
        for (long at = 0; at < bytes; at += 4096) {
            if (memory[at] != value) {
                _exit(3);
            }
            memory[at] = (unsigned char) (value + 1);
        }
        for (long at = 0; at < bytes; at += 4096) {
            if (memory[at] != (unsigned char) (value + 1)) {
                _exit(4);
            }
        }
        _exit(0);
    }
    if (child < 0) {
        return -1;
    }
    int status;
    if (waitpid(child, &status, 0) != child) {
        return -1;
    }
    for (long at = 0; at < bytes; at += 4096) {
        if (memory[at] != value) {
            return 5;
        }
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : -1;
}

/* MergedScenario.mergeAny(): 0, or -1 if the kernel refuses (no KSM, or older than Linux 6.4). */
int Java_io_github_jvmpagemap_samples_MergedScenario_mergeAny(void *env, void *cls) {
    (void) env;
    (void) cls;
    return prctl(PR_SET_MEMORY_MERGE, 1, 0, 0, 0);
}

/* NativeScenario.mapAndWrite(bytes): an anonymous private mapping, every page written; 0 on failure. */
long Java_io_github_jvmpagemap_samples_NativeScenario_mapAndWrite(void *env, void *cls, long bytes) {
    (void) env;
    (void) cls;
    unsigned char *memory = mmap(NULL, (size_t) bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) {
        return 0;
    }
    for (long at = 0; at < bytes; at += 4096) {
        memory[at] = (unsigned char) (at / 4096 + 1);
    }
    return (long) memory;
}

/*
 * FragmentedScenario.mapEveryOtherPage(bytes): an anonymous private mapping with one byte written
 * in every other page, so that present and absent pages alternate; its address, or 0 on failure.
 */
long Java_io_github_jvmpagemap_samples_FragmentedScenario_mapEveryOtherPage(void *env, void *cls, long bytes) {
    (void) env;
    (void) cls;
    unsigned char *memory = mmap(NULL, (size_t) bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) {
        return 0;
    }
    /* Pages of their own: a transparent huge page or a large folio would make the absent ones present. */
    if (madvise(memory, (size_t) bytes, MADV_NOHUGEPAGE) != 0) {
        munmap(memory, (size_t) bytes);
        return 0;
    }
    for (long at = 0; at < bytes; at += 2 * 4096) {
        memory[at] = 1;
    }
    return (long) memory;
}

/*
 * pageout <pid> <start> <end>: asks the kernel to reclaim the pages of [start, end) (hex
 * addresses) in process <pid>, as if memory were short: process_madvise(MADV_PAGEOUT) on a
 * pidfd (Linux 5.10+; needs CAP_SYS_NICE and ptrace read access, i.e. root here). With swap
 * on, the anonymous pages among them go to swap. Used by SwapIT; compiled by the test.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_process_madvise
#define SYS_process_madvise 440
#endif
#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: pageout <pid> <start-hex> <end-hex>\n");
        return 2;
    }
    int pid = atoi(argv[1]);
    unsigned long start = strtoul(argv[2], NULL, 16);
    unsigned long end = strtoul(argv[3], NULL, 16);
    int pidfd = (int) syscall(SYS_pidfd_open, pid, 0);
    if (pidfd < 0) {
        fprintf(stderr, "pidfd_open(%d): %s\n", pid, strerror(errno));
        return 1;
    }
    /* process_madvise advises at most MAX_RW_COUNT bytes per call: loop. */
    while (start < end) {
        struct iovec iov = { (void *) start, end - start };
        long done = syscall(SYS_process_madvise, pidfd, &iov, 1, MADV_PAGEOUT, 0);
        if (done <= 0) {
            fprintf(stderr, "process_madvise(MADV_PAGEOUT): %s\n", done < 0 ? strerror(errno) : "no progress");
            return 1;
        }
        start += (unsigned long) done;
    }
    return 0;
}

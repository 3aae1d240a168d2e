// The keeper: `sluice __keeper [--cgroup DIR] [--oom-score-adj N] [--cwd DIR] -- PROGRAM ARGS…`.
//
// The server starts one keeper per worker. The keeper makes a new session (so the worker's
// whole tree is one process group the terminal's signals do not reach), becomes a child
// subreaper (so orphaned descendants come back to it), joins the worker's memory cgroup, makes
// itself the kernel OOM killer's first choice, then starts PROGRAM. It watches two things:
// its stdin, the read end of a pipe only the server holds open (the "lifeline"), and PROGRAM.
// When the lifeline closes (the server asked for the worker's end, or the server died, even by
// kill -9), or when PROGRAM exits, the keeper kills every process of its group and every
// descendant it inherited, then exits the way PROGRAM did (same exit code, or same signal).
#define _GNU_SOURCE
#include "sluice_process.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

enum { KEEPER_FAILED = 125 };

static void complain(const char *what) {
    dprintf(2, "sluice keeper: %s: %s\n", what, strerror(errno));
}

static int write_text(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    size_t length = strlen(text);
    ssize_t written = write(fd, text, length);
    int saved = errno;
    close(fd);
    errno = saved;
    return written == (ssize_t)length ? 0 : -1;
}

/// The parent, process group and state of `pid`, from /proc/PID/stat.
static int read_stat(long pid, pid_t *parent, pid_t *group, char *state) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    char text[1024];
    ssize_t count = read(fd, text, sizeof text - 1);
    close(fd);
    if (count <= 0) return -1;
    text[count] = 0;
    // The command name is in parentheses and may hold anything: read after the last ')'.
    char *end = strrchr(text, ')');
    int parent_pid = 0, group_id = 0;
    if (!end || sscanf(end + 1, " %c %d %d", state, &parent_pid, &group_id) != 3) return -1;
    *parent = parent_pid;
    *group = group_id;
    return 0;
}

/// Kills every live process of our group and every child of ours, reaping as it goes, until
/// a pass finds none. Descendants that left the group come back to us as orphans (we are
/// their subreaper) once their parents die, and are caught by a later pass.
static void kill_all(pid_t self) {
    for (int pass = 0; pass < 500; pass++) {
        int found = 0;
        DIR *proc = opendir("/proc");
        if (proc) {
            struct dirent *entry;
            while ((entry = readdir(proc))) {
                char *end = NULL;
                long pid = strtol(entry->d_name, &end, 10);
                if (!end || *end || pid <= 0 || pid == self) continue;
                pid_t parent = 0, group = 0;
                char state = 0;
                if (read_stat(pid, &parent, &group, &state) != 0) continue;
                if ((group == self || parent == self) && state != 'Z') {
                    kill((pid_t)pid, SIGKILL);
                    found++;
                }
            }
            closedir(proc);
        }
        while (waitpid(-1, NULL, WNOHANG) > 0) {}
        if (!found) return;
        usleep(5000);
    }
}

/// Ends the keeper the way the worker ended.
static void exit_like(int status) {
    if (WIFEXITED(status)) _exit(WEXITSTATUS(status));
    if (WIFSIGNALED(status)) {
        int signal_number = WTERMSIG(status);
        signal(signal_number, SIG_DFL);
        sigset_t only;
        sigemptyset(&only);
        sigaddset(&only, signal_number);
        sigprocmask(SIG_UNBLOCK, &only, NULL);
        raise(signal_number);
    }
    _exit(KEEPER_FAILED);
}

int sluice_keeper_main(int argc, char *const argv[]) {
    const char *cgroup = NULL, *oom_score_adj = NULL, *directory = NULL;
    int index = 1;
    for (; index < argc; index++) {
        if (strcmp(argv[index], "--") == 0) {
            index++;
            break;
        } else if (strcmp(argv[index], "--cgroup") == 0 && index + 1 < argc) {
            cgroup = argv[++index];
        } else if (strcmp(argv[index], "--oom-score-adj") == 0 && index + 1 < argc) {
            oom_score_adj = argv[++index];
        } else if (strcmp(argv[index], "--cwd") == 0 && index + 1 < argc) {
            directory = argv[++index];
        } else {
            dprintf(2, "sluice keeper: unknown option %s (the keeper is started by sluice serve, not by hand)\n", argv[index]);
            return KEEPER_FAILED;
        }
    }
    if (index >= argc) {
        dprintf(2, "usage: sluice __keeper [--cgroup DIR] [--oom-score-adj N] [--cwd DIR] -- PROGRAM [ARGS…]\n");
        return KEEPER_FAILED;
    }
    char *const *program = argv + index;
    pid_t self = getpid();
    // A write to a closed log pipe (the server died) must not kill us before the clean-up.
    signal(SIGPIPE, SIG_IGN);
    if (setsid() < 0 && getpgrp() != self) {
        complain("setsid");
        return KEEPER_FAILED;
    }
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    if (oom_score_adj && write_text("/proc/self/oom_score_adj", oom_score_adj) != 0) complain("oom_score_adj");
    if (cgroup) {
        char path[4096], pid_text[32];
        snprintf(path, sizeof path, "%s/cgroup.procs", cgroup);
        snprintf(pid_text, sizeof pid_text, "%d", self);
        if (write_text(path, pid_text) != 0) {
            complain("joining the worker's memory cgroup");
            return KEEPER_FAILED;
        }
    }
    struct rlimit no_core = {0, 0};
    setrlimit(RLIMIT_CORE, &no_core);

    int lifeline = fcntl(0, F_DUPFD_CLOEXEC, 3);
    int nothing = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (lifeline < 0 || nothing < 0) {
        complain("preparing the worker's descriptors");
        return KEEPER_FAILED;
    }
    pid_t child = fork();
    if (child < 0) {
        complain("fork");
        return KEEPER_FAILED;
    }
    if (child == 0) {
        dup2(nothing, 0);
        signal(SIGPIPE, SIG_DFL);
        if (directory && chdir(directory) != 0) {
            dprintf(2, "sluice keeper: cannot enter %s: %s\n", directory, strerror(errno));
            _exit(126);
        }
        execvp(program[0], program);
        dprintf(2, "sluice keeper: cannot run %s: %s\n", program[0], strerror(errno));
        _exit(errno == ENOENT ? 127 : 126);
    }
    close(nothing);

    int child_fd = (int)syscall(SYS_pidfd_open, child, 0);
    for (;;) {
        struct pollfd watched[2] = {{lifeline, POLLIN, 0}, {child_fd, POLLIN, 0}};
        // Without pidfds, poll often; with them, wake now and then to reap adopted orphans.
        int ready = poll(watched, child_fd >= 0 ? 2 : 1, child_fd >= 0 ? 1000 : 50);
        if (ready < 0 && errno != EINTR) break;
        if (ready > 0 && watched[0].revents) {
            char byte;
            if (read(lifeline, &byte, 1) <= 0) break;
        }
        pid_t reaped;
        int reaped_status = 0;
        while ((reaped = waitpid(-1, &reaped_status, WNOHANG)) > 0) {
            if (reaped == child) {
                kill_all(self);
                exit_like(reaped_status);
            }
        }
    }
    // The lifeline closed: the server wants this worker gone, or the server is gone.
    kill_all(self);
    _exit(0);
}

#ifndef SLUICE_PROCESS_H
#define SLUICE_PROCESS_H

#include <sys/types.h>

/// Runs `sluice __keeper`: the supervisor between the server and one worker's process tree.
/// `argv[0]` is "__keeper". Never returns to Swift code: it exits with the worker's status.
int sluice_keeper_main(int argc, char *const argv[]);

/// Starts `path` with `argv` and `envp`, its stdin, stdout and stderr on the given
/// descriptors and every other descriptor closed. Returns the pid, or -errno.
pid_t sluice_spawn(const char *path, char *const argv[], char *const envp[],
                   int stdin_fd, int stdout_fd, int stderr_fd);

/// A pipe whose ends are close-on-exec: fds[0] reads, fds[1] writes. Returns 0 or -errno.
int sluice_pipe_cloexec(int fds[2]);

/// Blocks until `pid` ends. Returns 0 and fills `exited`/`code` (exit status, or the signal
/// when `exited` is 0), or -errno.
int sluice_wait(pid_t pid, int *exited, int *code);

/// Sends `signal` to the process group `pgid`. Returns 0 or -errno.
int sluice_kill_group(pid_t pgid, int signal);

/// Makes a descriptor non-blocking. Returns 0 or -errno.
int sluice_set_nonblocking(int fd);

#endif

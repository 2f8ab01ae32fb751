/* proc.h: what the tests that run the `sgf` command share, in one place:
 * finding the command and the source tree, making and removing a temporary
 * directory, reading and writing the files in it, and starting `sgf` with
 * its exit status, signal, stdout and stderr captured.
 *
 * A test file may define PROC_TAG ("cli", "sweep", ...) before including
 * this header; its temporary directories are then named
 * /tmp/sgf-test-TAG-XXXXXX, so a leftover says whose it is. Everything here
 * is static inline, so a test uses what it needs and links nothing more.
 *
 *   char *tmp = make_temp_dir();
 *   result r = run_sgf(tmp, "run", "--ticks", "10", "--out", "o", "--quiet");
 *   CHECK_EQ_INT(r.code, 0);
 *   char *ts = read_in(tmp, "o/timeseries.csv", NULL);
 *   ...
 *   free(ts);
 *   result_free(&r);
 *   remove_temp_dir(tmp);
 *
 * The command runs in the directory given (NULL: the test's own), with
 * stdin from /dev/null; its stdout and stderr go to DIR.stdout and
 * DIR.stderr beside the directory, not in it, so the directory shows only
 * what sgf wrote, and are read back and removed when it has ended.
 */
#ifndef SGF_TEST_PROC_H
#define SGF_TEST_PROC_H

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef PROC_TAG
#define PROC_TAG "proc"
#endif

/* ---- the environment CTest sets ------------------------------------------------------ */

/* The value of a variable CTest sets; exits when it is missing. */
static inline const char *env_or_die(const char *name)
{
    const char *v = getenv(name);
    if (!v || !*v) {
        fprintf(stderr, "%s is not set: run this test through ctest\n", name);
        exit(1);
    }
    return v;
}

/* The command under test ($SGF_BIN). */
static inline const char *sgf_bin(void)
{
    return env_or_die("SGF_BIN");
}

/* The source tree: $SGF_SOURCE_DIR, else found from this file's name, else ".". */
static inline const char *source_dir(void)
{
    static char dir[512];
    const char *env = getenv("SGF_SOURCE_DIR");
    if (env && *env) return env;
    snprintf(dir, sizeof dir, "%s", __FILE__);
    char *t = strstr(dir, "/tests/proc.h");
    if (t)
        *t = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    return dir;
}

/* ---- directories and files ------------------------------------------------------------- */

/* A fresh directory /tmp/sgf-test-TAG-XXXXXX; exits when none can be made.
 * The caller removes it, and frees the name, with remove_temp_dir. */
static inline char *make_temp_dir(void)
{
    char *dir = malloc(96);
    if (!dir) exit(1);
    snprintf(dir, 96, "/tmp/sgf-test-%s-XXXXXX", PROC_TAG);
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        exit(1);
    }
    return dir;
}

/* Removes path and, for a directory, all below it (made writable first, so
 * a test that took away permissions cannot leave it behind). */
static inline void remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) return;
    if (!S_ISDIR(st.st_mode)) {
        unlink(path);
        return;
    }
    chmod(path, 0700);
    DIR *d = opendir(path);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        char sub[4096];
        if (snprintf(sub, sizeof sub, "%s/%s", path, e->d_name) >= (int)sizeof sub) continue;
        remove_tree(sub);
    }
    if (d) closedir(d);
    rmdir(path);
}

/* remove_tree of a directory make_temp_dir made, and free of its name. */
static inline void remove_temp_dir(char *dir)
{
    remove_tree(dir);
    free(dir);
}

static inline bool path_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static inline bool exists_in(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path_exists(path);
}

/* Entries of dir other than . and ..; -1 if it cannot be read. */
static inline int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) n++;
    closedir(d);
    return n;
}

/* The whole file, NUL-terminated (it may hold other NULs: *len says how
 * long it is, when len is not NULL); NULL when it cannot be read. */
static inline char *read_path(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 4096, n = 0, got;
    char *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n < 2) {
            char *grown = realloc(buf, cap *= 2);
            if (!grown) free(buf);
            buf = grown;
        }
    }
    fclose(f);
    if (!buf) return NULL;
    buf[n] = '\0';
    if (len) *len = n;
    return buf;
}

/* read_path of DIR/NAME. */
static inline char *read_in(const char *dir, const char *name, size_t *len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return read_path(path, len);
}

/* Writes len bytes to DIR/NAME; exits when it cannot. */
static inline void write_bytes_in(const char *dir, const char *name, const void *data, size_t len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        exit(1);
    }
    fwrite(data, 1, len, f);
    fclose(f);
}

/* Writes a string to DIR/NAME; exits when it cannot. */
static inline void write_in(const char *dir, const char *name, const char *text)
{
    write_bytes_in(dir, name, text, strlen(text));
}

/* Newlines in text (0 for NULL). */
static inline int count_lines(const char *text)
{
    int n = 0;
    for (const char *s = text; s && *s; s++) n += *s == '\n';
    return n;
}

static inline void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* ---- running the command ---------------------------------------------------------------- */

/* What one run of the command did. */
typedef struct result {
    int code;   /* exit status, or -1 if it did not exit normally */
    int signal; /* the signal that ended it, or 0 */
    char *out;  /* its stdout ("" when discarded) */
    char *err;  /* its stderr */
} result;

static inline void result_free(result *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

/* How to start it; a NULL options pointer is all zeros. */
typedef struct proc_opts {
    /* "NAME=VALUE" sets, "-NAME" unsets a variable; NULL-terminated, or NULL */
    const char *const *env;
    /* > 0: the largest file it may write, bytes (RLIMIT_FSIZE, as a full
     * disk); its stdout is then discarded, since the limit would hold for
     * the file that captures it as well */
    long file_limit;
    long memory_limit; /* > 0: its address space, bytes (RLIMIT_AS, `ulimit -v`) */
} proc_opts;

/* Where the output of a run in dir is captured: DIR.stdout, or
 * /tmp/sgf-test-TAG-PID.stdout for a run in the test's own directory. */
static inline void proc_capture_path(char *buf, size_t size, const char *dir, const char *stream)
{
    if (dir)
        snprintf(buf, size, "%s.%s", dir, stream);
    else
        snprintf(buf, size, "/tmp/sgf-test-%s-%d.%s", PROC_TAG, (int)getpid(), stream);
}

static inline void proc_child_env(const char *const *env)
{
    for (int i = 0; env && env[i]; i++) {
        if (env[i][0] == '-') {
            unsetenv(env[i] + 1);
            continue;
        }
        const char *eq = strchr(env[i], '=');
        if (!eq) continue;
        char name[128];
        snprintf(name, sizeof name, "%.*s", (int)(eq - env[i]), env[i]);
        setenv(name, eq + 1, 1);
    }
}

/* Starts `sgf ARGS...` (args NULL-terminated, at most 62) in dir; returns
 * the process id, or -1. finish_sgf waits for it. */
static inline pid_t start_sgf(const char *dir, const proc_opts *opts, const char *const *args)
{
    static const proc_opts none = {NULL, 0, 0};
    if (!opts) opts = &none;
    char out_path[4200], err_path[4200];
    proc_capture_path(out_path, sizeof out_path, dir, "stdout");
    proc_capture_path(err_path, sizeof err_path, dir, "stderr");
    const char *argv[64];
    int argc = 0;
    argv[argc++] = sgf_bin();
    for (; args[argc - 1] && argc < 63; argc++) argv[argc] = args[argc - 1];
    argv[argc] = NULL;
    fflush(NULL);
    pid_t pid = fork();
    if (pid != 0) return pid;
    proc_child_env(opts->env);
    int fo = opts->file_limit > 0 ? open("/dev/null", O_WRONLY)
                                  : open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int fe = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int fi = open("/dev/null", O_RDONLY);
    if (fo < 0 || fe < 0 || fi < 0 || (dir && chdir(dir) != 0)) _exit(127);
    if (opts->file_limit > 0) {
        struct rlimit rl = {(rlim_t)opts->file_limit, (rlim_t)opts->file_limit};
        setrlimit(RLIMIT_FSIZE, &rl);
    }
    if (opts->memory_limit > 0) {
        struct rlimit rl = {(rlim_t)opts->memory_limit, (rlim_t)opts->memory_limit};
        setrlimit(RLIMIT_AS, &rl);
    }
    dup2(fi, 0);
    dup2(fo, 1);
    dup2(fe, 2);
    execv(argv[0], (char *const *)argv);
    _exit(127);
}

/* Waits for a process start_sgf started in dir: its end and its output
 * (never NULL; free with result_free). */
static inline result finish_sgf(const char *dir, pid_t pid)
{
    result r = {-1, 0, NULL, NULL};
    char out_path[4200], err_path[4200];
    proc_capture_path(out_path, sizeof out_path, dir, "stdout");
    proc_capture_path(err_path, sizeof err_path, dir, "stderr");
    int status = 0;
    if (pid > 0 && waitpid(pid, &status, 0) == pid) {
        if (WIFEXITED(status)) r.code = WEXITSTATUS(status);
        if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
    }
    r.out = read_path(out_path, NULL);
    r.err = read_path(err_path, NULL);
    if (!r.out) r.out = calloc(1, 1);
    if (!r.err) r.err = calloc(1, 1);
    unlink(out_path);
    unlink(err_path);
    return r;
}

/* Runs `sgf ARGS...` in dir to its end. */
static inline result run_sgf_with(const char *dir, const proc_opts *opts, const char *const *args)
{
    return finish_sgf(dir, start_sgf(dir, opts, args));
}

static inline result run_sgf_v(const char *dir, const char *const *args)
{
    return run_sgf_with(dir, NULL, args);
}

/* run_sgf(dir, "run", "--quiet"): the arguments as a list. */
#define run_sgf(dir, ...) run_sgf_v((dir), (const char *const[]){__VA_ARGS__, NULL})

/* Runs `sgf ARGS...` in dir and checks that it exits with status and that
 * its stream (out or err) contains needle. Needs harness.h. */
#define CHECK_RUN(dir, status, stream, needle, ...)                                                \
    do {                                                                                           \
        result run_ = run_sgf((dir), __VA_ARGS__);                                                 \
        CHECK_EQ_INT(run_.code, (status));                                                         \
        CHECK_CONTAINS(run_.stream, (needle));                                                     \
        result_free(&run_);                                                                        \
    } while (0)

/* Whether sgf was built with the viewer (`sgf help view` succeeds); says
 * "skip: ..." once when it was not, so a test can return early. */
static inline bool viewer_built(void)
{
    static int built = -1;
    if (built < 0) {
        char *tmp = make_temp_dir();
        result r = run_sgf(tmp, "help", "view");
        built = r.code == 0;
        result_free(&r);
        remove_temp_dir(tmp);
        if (!built) printf("skip: sgf was built without the viewer (SGF_WITH_VIEWER=OFF)\n");
    }
    return built;
}

/* The which-th row (0: the first) of `sgf compare --csv` text whose metric
 * (field 0) is `metric` and whose scenario (field 1) ends in
 * scenario_suffix: its fields split into fields[0..max-1] inside buf (empty
 * fields count; quotes are not undone). Returns the number of fields, 0 if
 * no such row. */
static inline int compare_csv_row(const char *text, const char *metric, const char *scenario_suffix,
                                  int which, char **fields, int max, char *buf, size_t size)
{
    size_t sl = strlen(scenario_suffix);
    for (const char *line = text; line && *line;) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        if (len < size) {
            memcpy(buf, line, len);
            buf[len] = '\0';
            int nf = 0;
            for (char *p = buf; nf < max;) {
                fields[nf++] = p;
                char *c = strchr(p, ',');
                if (!c) break;
                *c = '\0';
                p = c + 1;
            }
            if (nf >= 2 && strcmp(fields[0], metric) == 0 && strlen(fields[1]) >= sl &&
                strcmp(fields[1] + strlen(fields[1]) - sl, scenario_suffix) == 0 && which-- == 0)
                return nf;
        }
        line = nl ? nl + 1 : NULL;
    }
    return 0;
}

#endif

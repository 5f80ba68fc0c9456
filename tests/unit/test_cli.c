/* The whosaid CLI as a black box: exit codes and batch error records.
 * The binary's path comes from $WHOSAID_BIN (set by meson). */
#include "unit.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct cli_run {
    int status;      /* exit code, or -1 when killed by a signal */
    char *out, *err; /* NUL-terminated */
} cli_run;

static cli_run run;

static char *slurp(int fd)
{
    ws_buffer b = {0};
    char chunk[4096];
    ssize_t n;
    lseek(fd, 0, SEEK_SET);
    while ((n = read(fd, chunk, sizeof(chunk))) > 0)
        ck_assert_int_eq(ws_buffer_append(&b, chunk, (size_t)n), WS_OK);
    if (!b.data)
        ck_assert_int_eq(ws_buffer_append(&b, "", 0), WS_OK);
    return b.data;
}

static int temp_fd(const char *content)
{
    char path[] = "/tmp/ws-unit-cli-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    unlink(path);
    if (content)
        ck_assert_int_eq(write(fd, content, strlen(content)), (ssize_t)strlen(content));
    lseek(fd, 0, SEEK_SET);
    return fd;
}

static void run_free(void)
{
    free(run.out);
    free(run.err);
    memset(&run, 0, sizeof(run));
}

/* Runs whosaid with `args` (NULL-terminated) and `input` on stdin. */
static void cli(const char *input, const char *const *args)
{
    const char *bin = getenv("WHOSAID_BIN");
    ck_assert_msg(bin && *bin, "WHOSAID_BIN is not set");
    run_free();
    int in = temp_fd(input), out = temp_fd(NULL), err = temp_fd(NULL);
    char *argv[32];
    size_t n = 0;
    argv[n++] = (char *)bin;
    for (; args && args[n - 1] && n < 31; n++)
        argv[n] = (char *)args[n - 1];
    argv[n] = NULL;
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        dup2(in, 0);
        dup2(out, 1);
        dup2(err, 2);
        execv(bin, argv);
        _exit(127);
    }
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.out = slurp(out);
    run.err = slurp(err);
    close(in);
    close(out);
    close(err);
}

#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})

START_TEST(version_and_help)
{
    cli("", ARGS("--version"));
    ck_assert_int_eq(run.status, 0);
    ck_assert_str_eq(run.out, "whosaid " WS_VERSION_STRING "\n");
    cli("", ARGS("-V"));
    ck_assert_int_eq(run.status, 0);
    cli("", ARGS("--help"));
    ck_assert_int_eq(run.status, 0);
    ck_assert_ptr_nonnull(strstr(run.out, "usage: whosaid"));
}
END_TEST

START_TEST(usage_errors)
{
    cli("", ARGS("--no-such-option"));
    ck_assert_int_eq(run.status, 2);
    ck_assert_str_eq(run.out, "");
    ck_assert_ptr_nonnull(strstr(run.err, "usage"));
    cli("", ARGS("--format=xml"));
    ck_assert_int_eq(run.status, 2);
    cli("", ARGS("--input=pdf"));
    ck_assert_int_eq(run.status, 2);
    cli("", ARGS("--max-nesting=999"));
    ck_assert_int_eq(run.status, 2);
    cli("", ARGS("--max-document-bytes=0"));
    ck_assert_int_eq(run.status, 2);
    cli("", ARGS("--max-paragraph-bytes=12abc"));
    ck_assert_int_eq(run.status, 2);
}
END_TEST

START_TEST(bad_rules_dir)
{
    cli("\"hello there,\" Jane Smith said.", ARGS("--rules=/nonexistent/whosaid-rules"));
    ck_assert_int_eq(run.status, 3);
    ck_assert_str_eq(run.out, "");
    ck_assert_ptr_nonnull(strstr(run.err, "/nonexistent/whosaid-rules"));
    cli("x", ARGS("--rules=" RULES_DIR, "--lang=zz"));
    ck_assert_int_eq(run.status, 3);
}
END_TEST

START_TEST(plain_text_on_stdin)
{
    cli("\"The river is rising fast,\" Jane Smith said.\n", ARGS("--rules=" RULES_DIR));
    ck_assert_int_eq(run.status, 0);
    ck_assert_ptr_nonnull(strstr(run.out, "{\"doc\":\"-\",\"quote\":\"The river is rising fast,\""));
    ck_assert_ptr_nonnull(strstr(run.out, "\"speaker\":\"Jane Smith\""));
    /* Exactly one line. */
    ck_assert_ptr_eq(strchr(run.out, '\n'), run.out + strlen(run.out) - 1);
    /* Empty input: no records, success; JSON format gives an empty array. */
    cli("", ARGS("--rules=" RULES_DIR));
    ck_assert_int_eq(run.status, 0);
    ck_assert_str_eq(run.out, "");
    cli("", ARGS("--rules=" RULES_DIR, "--format=json"));
    ck_assert_int_eq(run.status, 0);
    ck_assert_str_eq(run.out, "[]\n");
}
END_TEST

START_TEST(jsonl_batch_with_bad_line)
{
    const char *input =
        "{\"id\":\"a\",\"text\":\"\\\"We will rebuild,\\\" Ana Lobo said.\"}\n"
        "{\"id\":\"b\",\"text\":\n"
        "\n"
        "{\"id\":\"c\",\"text\":\"\\\"The river is rising fast,\\\" Tom Reyes said.\"}\n";
    cli(input, ARGS("--rules=" RULES_DIR, "--input=jsonl"));
    ck_assert_int_eq(run.status, 1);
    const char *a = strstr(run.out, "{\"doc\":\"a\",\"quote\":\"We will rebuild,\"");
    const char *b = strstr(run.out, "{\"doc\":\"b\",\"error\":");
    const char *c = strstr(run.out, "{\"doc\":\"c\",\"quote\":\"The river is rising fast,\"");
    ck_assert_msg(a && b && c, "output: %s", run.out);
    ck_assert(a < b && b < c);  /* input order */
    ck_assert_ptr_nonnull(strstr(b, "\"line\":2}\n"));
    ck_assert_ptr_nonnull(strstr(a, "\"speaker\":\"Ana Lobo\""));
    ck_assert_ptr_nonnull(strstr(c, "\"speaker\":\"Tom Reyes\""));
    /* The error also goes to stderr. */
    ck_assert_ptr_nonnull(strstr(run.err, "line 2"));
    /* Three records, three lines. */
    size_t lines = 0;
    for (const char *p = run.out; *p; p++)
        lines += *p == '\n';
    ck_assert_uint_eq(lines, 3);

    /* A line without an id gets its line number as the id. */
    cli("{\"text\":1}\n", ARGS("--rules=" RULES_DIR, "--input=jsonl"));
    ck_assert_int_eq(run.status, 1);
    ck_assert_ptr_nonnull(strstr(run.out, "{\"doc\":\"1\",\"error\":"));

    /* All good lines: exit 0. */
    cli("{\"id\":7,\"text\":\"no quote\"}\n", ARGS("--rules=" RULES_DIR, "--input=jsonl"));
    ck_assert_int_eq(run.status, 0);
    ck_assert_str_eq(run.out, "");
}
END_TEST

START_TEST(strict_and_limits_give_error_records)
{
    cli("bad \xFF byte \"and a quote here,\" Jane Smith said.",
        ARGS("--rules=" RULES_DIR, "--strict"));
    ck_assert_int_eq(run.status, 1);
    ck_assert_ptr_nonnull(strstr(run.out, "\"error\":\"invalid UTF-8\""));
    /* Without --strict: a warning, and the record. */
    cli("bad \xFF byte \"and a quote here,\" Jane Smith said.", ARGS("--rules=" RULES_DIR));
    ck_assert_int_eq(run.status, 0);
    ck_assert_ptr_nonnull(strstr(run.out, "\"speaker\":\"Jane Smith\""));
    ck_assert_ptr_nonnull(strstr(run.err, "at byte 4"));
    cli("0123456789", ARGS("--rules=" RULES_DIR, "--max-document-bytes=5"));
    ck_assert_int_eq(run.status, 1);
    ck_assert_ptr_nonnull(strstr(run.out, "\"error\":"));
}
END_TEST

Suite *cli_suite(void)
{
    Suite *s = suite_create("cli");
    TCase *tc = tcase_create("exit-codes");
    tcase_add_checked_fixture(tc, NULL, run_free);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, version_and_help);
    tcase_add_test(tc, usage_errors);
    tcase_add_test(tc, bad_rules_dir);
    tcase_add_test(tc, plain_text_on_stdin);
    tcase_add_test(tc, jsonl_batch_with_bad_line);
    tcase_add_test(tc, strict_and_limits_give_error_records);
    suite_add_tcase(s, tc);
    return s;
}

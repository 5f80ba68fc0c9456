/* Fuzz target: the input is a JSON Lines batch, read the way the CLI reads
 * it (src/cli/main.c read_jsonl): split at '\n', line ends trimmed, blank
 * lines skipped, each line parsed by json_document_parse.  A line that
 * parses goes through ws_extract and the writer; one that does not gets an
 * error record.  Every record must be valid JSON. */
#include "fuzz_common.h"
#include "json_input.h"

static ws_rules *rules;
static ws_extractor *ex;

static void cleanup(void)
{
    ws_extractor_free(ex);
    ws_rules_free(rules);
}

static void setup(void)
{
    int err;
    rules = ws_rules_load(fuzz_rules_dir(), "en", NULL, NULL, &err);
    if (!rules)
        fuzz_fail("cannot load the rules from %s: %s", fuzz_rules_dir(), ws_strerror(err));
    ex = ws_extractor_new(rules, 0, NULL);
    if (!ex)
        fuzz_fail("cannot create the extractor");
    atexit(cleanup);
}

static void check_records(const ws_buffer *out)
{
    for (size_t pos = 0; pos < out->length;) {
        const char *nl = memchr(out->data + pos, '\n', out->length - pos);
        if (!nl)
            fuzz_fail("a record does not end with a newline");
        size_t len = (size_t)(nl - (out->data + pos));
        if (!fuzz_json_valid(out->data + pos, len))
            fuzz_fail("a record is not valid JSON: %.*s", (int)(len > 400 ? 400 : len),
                      out->data + pos);
        pos += len + 1;
    }
}

static void one_line(const char *line, size_t len, size_t number)
{
    char fallback[32];
    snprintf(fallback, sizeof(fallback), "%zu", number);
    /* An exact-size copy, so ASan sees a read past the line. */
    char *copy = malloc(len ? len : 1);
    if (!copy)
        return;
    if (len)
        memcpy(copy, line, len);
    json_document d;
    const char *msg = json_document_parse(copy, len, &d);
    const char *id = d.id ? d.id : fallback;
    ws_buffer out = {0};
    int first = 1;
    if (msg) {
        if (d.text && d.text_length > len)
            fuzz_fail("decoded text longer than its line");
        if (ws_write_error(&out, WS_FORMAT_JSONL, id, msg, number, &first))
            fuzz_fail("ws_write_error failed");
    } else {
        if (!d.text)
            fuzz_fail("json_document_parse succeeded without a text");
        if (d.text_length > len)
            fuzz_fail("decoded text (%zu bytes) longer than its line (%zu)",
                      d.text_length, len);
        if (d.text[d.text_length] != '\0')
            fuzz_fail("decoded text is not NUL-terminated");
        ws_result *res = NULL;
        int err = ws_extract(ex, id, d.text, d.text_length, &res);
        if (err == WS_OK) {
            fuzz_check_result(d.text, d.text_length, res);
            if (ws_write_records(&out, WS_FORMAT_JSONL, 0, id, d.text, d.text_length,
                                 res, d.lang ? d.lang : "en", &first))
                fuzz_fail("ws_write_records failed");
        } else if (err == WS_ERR_TOO_LARGE) {
            ws_write_error(&out, WS_FORMAT_JSONL, id, ws_strerror(err), number, &first);
        } else {
            fuzz_fail("ws_extract: unexpected error %d (%s)", err, ws_strerror(err));
        }
        ws_result_free(res);
    }
    check_records(&out);
    free(out.data);
    json_document_clear(&d);
    free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!rules)
        setup();
    const char *s = (const char *)data;
    size_t number = 0;
    for (size_t pos = 0; pos < size;) {
        const char *nl = memchr(s + pos, '\n', size - pos);
        size_t end = nl ? (size_t)(nl - s) : size;
        size_t len = end - pos;
        number++;
        while (len && (s[pos + len - 1] == '\n' || s[pos + len - 1] == '\r'))
            len--;
        size_t k = 0;
        while (k < len && (s[pos + k] == ' ' || s[pos + k] == '\t'))
            k++;
        if (k < len)
            one_line(s + pos, len, number);
        pos = end + 1;
    }
    return 0;
}

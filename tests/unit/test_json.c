/* writer.c (JSON strings, records, error records) and the CLI's JSON
 * Lines reader (src/cli/json_input.c, compiled into the runner). */
#include "unit.h"
#include "json_input.h"

#include <stdlib.h>
#include <string.h>

static ws_buffer buf;

static void buf_reset(void)
{
    free(buf.data);
    memset(&buf, 0, sizeof(buf));
}

/* JSON-encodes `n` bytes of `s` and compares with `want`. */
static void encodes_as(const char *s, size_t n, const char *want)
{
    buf_reset();
    ck_assert_int_eq(ws_buffer_json_string(&buf, s, n), WS_OK);
    ck_assert_uint_eq(buf.length, strlen(want));
    ck_assert_msg(memcmp(buf.data, want, buf.length) == 0, "got %s, want %s", buf.data, want);
    ck_assert_int_eq(buf.data[buf.length], '\0');
}

START_TEST(json_string_escapes)
{
    encodes_as("", 0, "\"\"");
    encodes_as("plain", 5, "\"plain\"");
    encodes_as("a\"b", 3, "\"a\\\"b\"");
    encodes_as("a\\b", 3, "\"a\\\\b\"");
    encodes_as("a\nb\tc\rd", 7, "\"a\\nb\\tc\\rd\"");
    encodes_as("/", 1, "\"/\"");
    encodes_as("\x01", 1, "\"\\u0001\"");
    encodes_as("\x1f", 1, "\"\\u001f\"");
    encodes_as("\b\f", 2, "\"\\u0008\\u000c\"");
    encodes_as("a\0b", 3, "\"a\\u0000b\"");
    /* U+2028 / U+2029 are escaped for JavaScript readers. */
    encodes_as("x\xE2\x80\xA8y\xE2\x80\xA9", 8, "\"x\\u2028y\\u2029\"");
    /* Valid UTF-8 passes through. */
    encodes_as("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80", 14,
               "\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"");
}
END_TEST

START_TEST(json_string_invalid_utf8)
{
    encodes_as("a\xFF" "b", 3, "\"a\xEF\xBF\xBD" "b\"");
    /* Each invalid byte becomes one U+FFFD. */
    encodes_as("\xC0\x80", 2, "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
    encodes_as("\xED\xA0\x80", 3, "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
    /* A sequence cut short by the length, though the bytes go on. */
    encodes_as("ok\xE2\x82\xAC", 4, "\"ok\xEF\xBF\xBD\xEF\xBF\xBD\"");
    encodes_as("\x80x", 2, "\"\xEF\xBF\xBDx\"");
    /* The output is always valid UTF-8. */
    buf_reset();
    char all[256];
    for (int i = 0; i < 256; i++)
        all[i] = (char)i;
    ck_assert_int_eq(ws_buffer_json_string(&buf, all, 256), WS_OK);
    for (size_t p = 0; p < buf.length;) {
        size_t n = ws_utf8_valid_length(buf.data, buf.length, p);
        ck_assert_uint_ne(n, 0);
        if (n == 1)
            ck_assert_uint_ge((unsigned char)buf.data[p], 0x20);
        p += n;
    }
}
END_TEST

START_TEST(buffer_append_keeps_content)
{
    buf_reset();
    ck_assert_int_eq(ws_buffer_append(&buf, "[", 1), WS_OK);
    ck_assert_int_eq(ws_buffer_json_string(&buf, "q\"", 2), WS_OK);
    ck_assert_int_eq(ws_buffer_append(&buf, "]", 1), WS_OK);
    ck_assert_str_eq(buf.data, "[\"q\\\"\"]");
    /* Growing past several reallocations. */
    buf_reset();
    for (int i = 0; i < 10000; i++)
        ck_assert_int_eq(ws_buffer_append(&buf, "0123456789", 10), WS_OK);
    ck_assert_uint_eq(buf.length, 100000);
    ck_assert_uint_ge(buf.capacity, 100001);
    ck_assert_int_eq(memcmp(buf.data + 99990, "0123456789", 10), 0);
}
END_TEST

/* Position of `needle` in the buffer (asserting it is there). */
static size_t at(const char *needle)
{
    const char *p = strstr(buf.data, needle);
    ck_assert_msg(p != NULL, "'%s' not in %s", needle, buf.data);
    return (size_t)(p - buf.data);
}

START_TEST(records_key_order)
{
    const char *t = "\"The river is rising fast,\" Jane Smith said.";
    ws_result *r = NULL;
    ck_assert_int_eq(unit_extract(t, &r), WS_OK);
    ck_assert_uint_eq(ws_result_count(r), 1);
    buf_reset();
    int first = 1;
    ck_assert_int_eq(ws_write_records(&buf, WS_FORMAT_JSONL, 0, "d1", t, strlen(t), r,
                                      "en", &first), WS_OK);
    ck_assert_int_eq(first, 0);
    const char *prefix = "{\"doc\":\"d1\",\"quote\":\"The river is rising fast,\","
                         "\"start\":1,\"end\":26,\"speaker\":\"Jane Smith\",";
    ck_assert_msg(strncmp(buf.data, prefix, strlen(prefix)) == 0, "got %s", buf.data);
    const char *keys[] = {"\"doc\":", "\"quote\":", "\"start\":", "\"end\":",
                          "\"speaker\":", "\"mention\":", "\"mention_start\":",
                          "\"mention_end\":", "\"cue\":", "\"kind\":", "\"paragraph\":",
                          "\"sentence\":", "\"rule\":", "\"confidence\":", "\"lang\":"};
    size_t last = 0;
    for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++) {
        size_t p = at(keys[i]);
        ck_assert_msg(i == 0 || p > last, "key %s out of order", keys[i]);
        last = p;
    }
    at("\"kind\":\"direct\"");
    at("\"rule\":\"after-speaker-cue\"");
    at("\"lang\":\"en\"");
    ck_assert_ptr_null(strstr(buf.data, "cue_start"));
    ck_assert_int_eq(buf.data[buf.length - 1], '\n');
    ck_assert_int_eq(buf.data[buf.length - 2], '}');
    ck_assert_ptr_null(memchr(buf.data, '\n', buf.length - 1)); /* one line */

    /* --explain adds cue offsets and the resolution, after the rest. */
    buf_reset();
    first = 1;
    ck_assert_int_eq(ws_write_records(&buf, WS_FORMAT_JSONL, WS_WRITE_EXPLAIN, NULL, t,
                                      strlen(t), r, NULL, &first), WS_OK);
    ck_assert_int_eq(strncmp(buf.data, "{\"doc\":null,\"quote\":", 20), 0);
    ck_assert_ptr_null(strstr(buf.data, "\"lang\""));
    ck_assert_uint_gt(at("\"cue_start\":39,\"cue_end\":43,\"resolution\":"), at("\"confidence\":"));

    /* JSON array pieces: the caller writes [ and ]. */
    buf_reset();
    first = 1;
    ck_assert_int_eq(ws_write_records(&buf, WS_FORMAT_JSON, 0, "a", t, strlen(t), r, NULL,
                                      &first), WS_OK);
    ck_assert_int_eq(ws_write_records(&buf, WS_FORMAT_JSON, 0, "b", t, strlen(t), r, NULL,
                                      &first), WS_OK);
    ck_assert_int_eq(strncmp(buf.data, "\n{\"doc\":\"a\"", 11), 0);
    at("},\n{\"doc\":\"b\"");

    /* TSV: a header, then one line a record. */
    buf_reset();
    first = 1;
    ck_assert_int_eq(ws_write_records(&buf, WS_FORMAT_TSV, 0, "a", t, strlen(t), r, NULL,
                                      &first), WS_OK);
    ck_assert_int_eq(strncmp(buf.data, "doc\tstart\tend\tspeaker\t", 22), 0);
    at("\na\t1\t26\tJane Smith\tJane Smith\tsaid\tdirect\tafter-speaker-cue\t");
    ws_result_free(r);

    /* No quotes: nothing written, `first` unchanged. */
    ck_assert_int_eq(unit_extract("no quotes here", &r), WS_OK);
    buf_reset();
    first = 1;
    ck_assert_int_eq(ws_write_records(&buf, WS_FORMAT_JSONL, 0, "x", "no quotes here", 14,
                                      r, NULL, &first), WS_OK);
    ck_assert_uint_eq(buf.length, 0);
    ck_assert_int_eq(first, 1);
    ws_result_free(r);
}
END_TEST

/* Confidences print as printf's "%.2f" would: the exact binary value
 * rounded to nearest, ties to even (0.125 is a tie; 0.9 * 0.85 lies just
 * above 0.765, 0.285 just below). */
START_TEST(records_confidence_rounding)
{
    const char *t = "\"The river is rising fast,\" Jane Smith said.";
    ws_result *r = NULL;
    ck_assert_int_eq(unit_extract(t, &r), WS_OK);
    ws_quote *q = (ws_quote *)ws_result_quote(r, 0);
    const double values[] = {0, 1, 0.125, 0.375, 0.9 * 0.85, 0.285, 0.005, 0.995, 0.5, 0.96};
    for (size_t i = 0; i < sizeof(values) / sizeof(*values); i++) {
        char want[40];
        snprintf(want, sizeof(want), "\"confidence\":%.2f", values[i]);
        q->confidence = values[i];
        buf_reset();
        int first = 1;
        ck_assert_int_eq(ws_write_records(&buf, WS_FORMAT_JSONL, 0, "d", t, strlen(t), r,
                                          NULL, &first), WS_OK);
        at(want);
    }
    ws_result_free(r);
}
END_TEST

START_TEST(records_escape_quote_text)
{
    const char *t = "\"a \\ backslash\tand tab,\" Jane Smith said.";
    ws_result *r = NULL;
    ck_assert_int_eq(unit_extract(t, &r), WS_OK);
    ck_assert_uint_eq(ws_result_count(r), 1);
    buf_reset();
    int first = 1;
    ck_assert_int_eq(ws_write_records(&buf, WS_FORMAT_JSONL, 0, "id\"1", t, strlen(t), r,
                                      NULL, &first), WS_OK);
    const char *want = "{\"doc\":\"id\\\"1\",\"quote\":\"a \\\\ backslash\\tand tab,\",";
    ck_assert_msg(strncmp(buf.data, want, strlen(want)) == 0, "got %s", buf.data);
    ws_result_free(r);
}
END_TEST

/* TSV lines stay one valid UTF-8 record whatever the quote holds. */
START_TEST(tsv_cleans_control_and_invalid_bytes)
{
    const char t[] = "\"bad \xFF byte\x01 and\ttab,\" Jane Smith said.";
    ws_result *r = NULL;
    ck_assert_int_eq(unit_extract_n(t, sizeof(t) - 1, NULL, 0, &r), WS_OK);
    ck_assert_uint_eq(ws_result_count(r), 1);
    buf_reset();
    int first = 1;
    ck_assert_int_eq(ws_write_records(&buf, WS_FORMAT_TSV, 0, "a", t, sizeof(t) - 1, r, NULL,
                                      &first), WS_OK);
    const char *want = "\tbad \xEF\xBF\xBD byte  and\\ttab,\n";
    size_t n = strlen(want);
    ck_assert_msg(buf.length >= n && !memcmp(buf.data + buf.length - n, want, n),
                  "got %.*s", (int)buf.length, buf.data);
    ws_result_free(r);
}
END_TEST

START_TEST(error_records)
{
    int first = 1;
    buf_reset();
    ck_assert_int_eq(ws_write_error(&buf, WS_FORMAT_JSONL, "x", "bad \"thing\"", 3, &first), WS_OK);
    ck_assert_str_eq(buf.data, "{\"doc\":\"x\",\"error\":\"bad \\\"thing\\\"\",\"line\":3}\n");
    ck_assert_int_eq(first, 0);
    buf_reset();
    ck_assert_int_eq(ws_write_error(&buf, WS_FORMAT_JSONL, "x", "oops", 0, &first), WS_OK);
    ck_assert_str_eq(buf.data, "{\"doc\":\"x\",\"error\":\"oops\"}\n");
    buf_reset();
    ck_assert_int_eq(ws_write_error(&buf, WS_FORMAT_JSONL, NULL, "oops", 0, &first), WS_OK);
    ck_assert_str_eq(buf.data, "{\"doc\":null,\"error\":\"oops\"}\n");
    buf_reset();
    first = 1;
    ck_assert_int_eq(ws_write_error(&buf, WS_FORMAT_JSON, "a", "e1", 1, &first), WS_OK);
    ck_assert_int_eq(ws_write_error(&buf, WS_FORMAT_JSON, "b", "e2", 0, &first), WS_OK);
    ck_assert_str_eq(buf.data, "\n{\"doc\":\"a\",\"error\":\"e1\",\"line\":1},\n"
                               "{\"doc\":\"b\",\"error\":\"e2\"}");
    buf_reset();
    ck_assert_int_eq(ws_write_error(&buf, WS_FORMAT_TSV, "a", "e1", 1, &first), WS_OK);
    ck_assert_uint_eq(buf.length, 0);
}
END_TEST

/* ---- json_document_parse ---- */

static json_document jd;

static void jd_clear(void)
{
    json_document_clear(&jd);
    buf_reset();
}

static const char *parse(const char *line)
{
    json_document_clear(&jd);
    return json_document_parse(line, strlen(line), &jd);
}

START_TEST(parse_good_lines)
{
    ck_assert_ptr_null(parse("{\"id\":\"a1\",\"text\":\"He said \\\"hi\\\".\",\"lang\":\"en\"}"));
    ck_assert_str_eq(jd.id, "a1");
    ck_assert_str_eq(jd.text, "He said \"hi\".");
    ck_assert_uint_eq(jd.text_length, 13);
    ck_assert_str_eq(jd.lang, "en");
    /* Spaces anywhere, other fields (nested too) skipped, any order. */
    ck_assert_ptr_null(parse("  { \"meta\" : {\"a\":[1,2,{\"b\":null}],\"c\":true} ,"
                             " \"text\" : \"x\\ny\\t\\/\\\\\" , \"id\":\"q\" }  "));
    ck_assert_str_eq(jd.text, "x\ny\t/\\");
    ck_assert_uint_eq(jd.text_length, 6);
    ck_assert_str_eq(jd.id, "q");
    ck_assert_ptr_null(jd.lang);
    /* A text only. */
    ck_assert_ptr_null(parse("{\"text\":\"\"}"));
    ck_assert_ptr_null(jd.id);
    ck_assert_str_eq(jd.text, "");
    ck_assert_uint_eq(jd.text_length, 0);
    /* Raw UTF-8 passes through. */
    ck_assert_ptr_null(parse("{\"text\":\"caf\xC3\xA9\"}"));
    ck_assert_str_eq(jd.text, "caf\xC3\xA9");
}
END_TEST

START_TEST(parse_unicode_escapes)
{
    ck_assert_ptr_null(parse("{\"text\":\"caf\\u00e9 \\u20AC \\ud83d\\ude00!\"}"));
    ck_assert_str_eq(jd.text, "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80!");
    ck_assert_uint_eq(jd.text_length, 15);
    ck_assert_ptr_null(parse("{\"text\":\"\\u0041\\u007f\\u0080\\u07FF\\u0800\\uFFFF\"}"));
    ck_assert_str_eq(jd.text, "A\x7F\xC2\x80\xDF\xBF\xE0\xA0\x80\xEF\xBF\xBF");
    /* U+10FFFF as a pair. */
    ck_assert_ptr_null(parse("{\"text\":\"\\udbff\\udfff\"}"));
    ck_assert_str_eq(jd.text, "\xF4\x8F\xBF\xBF");
    /* Lone surrogates become U+FFFD; a high one does not eat the next escape. */
    ck_assert_ptr_null(parse("{\"text\":\"a\\ud800b\\udc00c\\ud800\\u0041\"}"));
    ck_assert_str_eq(jd.text, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xEF\xBF\xBD" "A");
    /* \u0000 keeps its byte: the length counts it. */
    ck_assert_ptr_null(parse("{\"text\":\"a\\u0000b\"}"));
    ck_assert_uint_eq(jd.text_length, 3);
    ck_assert_int_eq(memcmp(jd.text, "a\0b", 3), 0);
}
END_TEST

START_TEST(parse_numeric_id)
{
    ck_assert_ptr_null(parse("{\"id\":42,\"text\":\"x\"}"));
    ck_assert_str_eq(jd.id, "42");
    ck_assert_ptr_null(parse("{\"id\": -1.5e3 ,\"text\":\"x\"}"));
    ck_assert_str_eq(jd.id, "-1.5e3");
    /* A later id replaces an earlier one (no leak). */
    ck_assert_ptr_null(parse("{\"id\":\"a\",\"id\":7,\"text\":\"x\",\"text\":\"y\"}"));
    ck_assert_str_eq(jd.id, "7");
    ck_assert_str_eq(jd.text, "y");
}
END_TEST

/* A quote, a backslash or a control byte is seen at any offset of a long
 * run of plain text, and bytes over 0x7F, spaces and a string's end
 * anywhere pass. */
START_TEST(parse_long_strings)
{
    char line[160], want[64], plain[64];
    memset(plain, 'a', 40);
    plain[40] = '\0';
    memcpy(plain + 10, "\xC3\xA9 \x7F~!", 6);
    for (int k = 0; k < 24; k++) {
        memcpy(want, plain, 41);
        want[k] = '"';
        snprintf(line, sizeof(line), "{\"text\":\"%.*s\\\"%s\"}", k, plain, plain + k + 1);
        ck_assert_ptr_null(parse(line));
        ck_assert_str_eq(jd.text, want);
        want[k] = '\\';
        snprintf(line, sizeof(line), "{\"text\":\"%.*s\\\\%s\"}", k, plain, plain + k + 1);
        ck_assert_ptr_null(parse(line));
        ck_assert_str_eq(jd.text, want);
        snprintf(line, sizeof(line), "{\"text\":\"%.*s\x1F%s\"}", k, plain, plain + k + 1);
        ck_assert_str_eq(parse(line), "control character inside a JSON string");
        snprintf(line, sizeof(line), "{\"text\":\"%.*s\",\"id\":\"%s\"}", k, plain,
                 plain + k);
        ck_assert_ptr_null(parse(line));
        ck_assert_uint_eq(jd.text_length, (size_t)k);
        ck_assert_str_eq(jd.id, plain + k);
    }
}
END_TEST

START_TEST(parse_errors)
{
    const char *err;
    err = parse("{\"id\":\"a\"}");
    ck_assert_ptr_nonnull(err);
    ck_assert_ptr_nonnull(strstr(err, "text"));
    ck_assert_str_eq(jd.id, "a");   /* fields parsed so far stay set */
    err = parse("{\"id\":\"a\",\"text\":42}");
    ck_assert_ptr_nonnull(err);
    ck_assert_ptr_nonnull(strstr(err, "not a string"));
    ck_assert_ptr_nonnull(parse("{\"text\":null}"));
    ck_assert_ptr_nonnull(parse("{\"text\":[\"x\"]}"));
    /* Bad JSON of several kinds. */
    const char *bad[] = {
        "", "   ", "[1,2]", "\"text\"", "{", "{\"text\":", "{\"text\":\"x\"",
        "{\"text\":\"x\",}", "{\"text\" \"x\"}", "{text:\"x\"}", "{\"text\":\"x\\q\"}",
        "{\"text\":\"x\\u12\"}", "{\"text\":\"x\\u12G4\"}", "{\"text\":\"a\tb\"}",
        "{\"text\":\"x\",\"n\":tru}", "{\"text\":\"x\",\"n\":01x}", "{\"text\":\"x\",\"o\":{\"a\" 1}}",
        "{\"text\":\"x\",\"o\":[1 2]}", "{\"text\":\"unterminated}",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
        ck_assert_msg(parse(bad[i]) != NULL, "'%s' was accepted", bad[i]);
    /* Trailing garbage. */
    err = parse("{\"text\":\"x\"} y");
    ck_assert_ptr_nonnull(err);
    ck_assert_ptr_nonnull(strstr(err, "after"));
    ck_assert_ptr_nonnull(parse("{\"text\":\"x\"}{\"text\":\"y\"}"));
    /* Trailing spaces are fine. */
    ck_assert_ptr_null(parse("{\"text\":\"x\"} \t\r\n"));
    /* Deep nesting is refused, not a stack overflow. */
    size_t depth = 100000;
    char *deep = malloc(2 * depth + 32);
    ck_assert_ptr_nonnull(deep);
    strcpy(deep, "{\"text\":\"x\",\"a\":");
    size_t n = strlen(deep);
    memset(deep + n, '[', depth);
    memset(deep + n + depth, ']', depth);
    strcpy(deep + n + 2 * depth, "}");
    ck_assert_ptr_nonnull(parse(deep));
    free(deep);
}
END_TEST

Suite *json_suite(void)
{
    Suite *s = suite_create("json");
    TCase *tc = tcase_create("writer");
    tcase_add_unchecked_fixture(tc, unit_rules_fixture, NULL);
    tcase_add_checked_fixture(tc, NULL, buf_reset);
    tcase_add_test(tc, json_string_escapes);
    tcase_add_test(tc, json_string_invalid_utf8);
    tcase_add_test(tc, buffer_append_keeps_content);
    tcase_add_test(tc, records_key_order);
    tcase_add_test(tc, records_escape_quote_text);
    tcase_add_test(tc, records_confidence_rounding);
    tcase_add_test(tc, tsv_cleans_control_and_invalid_bytes);
    tcase_add_test(tc, error_records);
    suite_add_tcase(s, tc);
    tc = tcase_create("input");
    tcase_add_checked_fixture(tc, NULL, jd_clear);
    tcase_add_test(tc, parse_good_lines);
    tcase_add_test(tc, parse_unicode_escapes);
    tcase_add_test(tc, parse_numeric_id);
    tcase_add_test(tc, parse_errors);
    tcase_add_test(tc, parse_long_strings);
    suite_add_tcase(s, tc);
    return s;
}

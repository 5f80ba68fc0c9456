/*
 * whosaid — rule-based quote and speaker attribution extractor.
 *
 * The library reads one document (UTF-8 text) at a time and returns the
 * quotations in it, each with the speaker it attributes the quote to.
 * Offsets are UTF-8 byte offsets into the caller's text, quote marks
 * excluded, end exclusive.
 *
 * Ownership: every *_new / *_load has a matching *_free; every *_free
 * accepts NULL.  Strings inside a ws_result belong to the result.
 * A ws_rules is read-only once loaded and may be shared between threads;
 * a ws_extractor is per thread.
 */
#ifndef WHOSAID_H
#define WHOSAID_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WS_VERSION_MAJOR 0
#define WS_VERSION_MINOR 1
#define WS_VERSION_PATCH 0
#define WS_VERSION_STRING "0.1.0"

/* Documented limits.  A document or paragraph over its size limit is an
 * error for that document only; quote marks nested deeper than the nesting
 * limit are read as plain text. */
#define WS_MAX_DOCUMENT_BYTES ((size_t)64 * 1024 * 1024)
#define WS_MAX_PARAGRAPH_BYTES ((size_t)64 * 1024 * 1024)
#define WS_MAX_QUOTE_NESTING 64
#define WS_MAX_RULE_LENGTH 8192
/* The most backtracking steps one rule may take on one quote: a rule that
 * would take more (a pathological text) simply does not match. */
#define WS_MAX_MATCH_STEPS 200000

enum ws_error {
    WS_OK = 0,
    WS_ERR_NOMEM = -1,
    WS_ERR_IO = -2,
    WS_ERR_RULES = -3,          /* a rules file is malformed */
    WS_ERR_INVALID_UTF8 = -4,   /* strict mode only */
    WS_ERR_TOO_LARGE = -5,      /* a document or paragraph over its limit */
    WS_ERR_ICU = -6,
    WS_ERR_ARGUMENT = -7,
};

/* A short English description of an error code; never NULL. */
const char *ws_strerror(int error);

/* The runtime version, "MAJOR.MINOR.PATCH". */
const char *ws_version(void);

/* Diagnostics (rule file errors, invalid input) go through this callback;
 * the library never prints. `where` is "file:line:col" or a document id. */
typedef void (*ws_diag_fn)(void *user, const char *where, const char *message);

typedef struct ws_rules ws_rules;
typedef struct ws_extractor ws_extractor;
typedef struct ws_result ws_result;

/* Loads the rule pack of `lang` ("en") from `dir` (the folder holding
 * en/, de/, ...).  Returns NULL on failure with *error set; a malformed
 * file is reported through `diag` with its file:line:col. */
ws_rules *ws_rules_load(const char *dir, const char *lang, ws_diag_fn diag,
                        void *user, int *error);
/* As ws_rules_load, and keeps each compiled pattern in the folder
 * `cache_dir` (made if missing; NULL: no cache), where a later load of
 * the unchanged pack finds it instead of compiling it again: most of the
 * load's time.  Files are named by a hash of the pattern, the options
 * and PCRE2's version, and checksummed; one that is missing or damaged
 * is compiled afresh, and a folder that cannot be written is no error. */
ws_rules *ws_rules_load_cached(const char *dir, const char *lang, const char *cache_dir,
                               ws_diag_fn diag, void *user, int *error);
void ws_rules_free(ws_rules *rules);
const char *ws_rules_lang(const ws_rules *rules);
/* How many pattern rules the pack holds. */
size_t ws_rules_count(const ws_rules *rules);

/* The index in `packs` of the language the text is most likely written in,
 * judged by each pack's profile.txt (its commonest function words) over
 * the first 2000 bytes; 0 when nothing matches. */
size_t ws_detect_language(const ws_rules *const *packs, size_t count,
                          const char *text, size_t length);

/* Option flags for ws_extractor_new. */
#define WS_OPT_STRICT_UTF8 (1 << 0) /* reject invalid UTF-8 instead of replacing it */
/* Match the rule patterns with PCRE2's interpreter, not its JIT: the same
 * records, a start-up up to 0.06 s shorter (JIT compilation of the
 * patterns a run reaches, each when it is first matched),
 * about twice the time per document.  For runs over a few documents. */
#define WS_OPT_NO_JIT (1 << 1)
/* Count and time the matches of each rule (ws_extractor_rule_cost), for
 * writers of rule packs: a pattern that backtracks over every word shows
 * up there.  Reading the clock around each match costs a little. */
#define WS_OPT_PROFILE_RULES (1 << 2)

typedef struct ws_limits {
    size_t max_document_bytes;   /* 0: WS_MAX_DOCUMENT_BYTES */
    size_t max_paragraph_bytes;  /* 0: WS_MAX_PARAGRAPH_BYTES */
    int max_quote_nesting;       /* 0: WS_MAX_QUOTE_NESTING */
} ws_limits;

/* An extractor borrows `rules`, which must outlive it.  `limits` may be NULL.
 * Returns NULL on out-of-memory or when ICU cannot be set up. */
ws_extractor *ws_extractor_new(const ws_rules *rules, int options,
                               const ws_limits *limits);
void ws_extractor_free(ws_extractor *ex);

/* What rule `index` of the extractor's pack cost so far: all zero unless
 * the extractor was made with WS_OPT_PROFILE_RULES.  Returns 0 for an
 * index past the last rule, else 1. */
typedef struct ws_rule_cost {
    const char *rule;                 /* its id in patterns.rules */
    unsigned long long tries;         /* texts it was matched against */
    unsigned long long matches;       /* ...that it matched */
    unsigned long long nanoseconds;   /* spent in those matches */
} ws_rule_cost;
int ws_extractor_rule_cost(const ws_extractor *ex, size_t index, ws_rule_cost *cost);

typedef enum ws_kind {
    WS_KIND_DIRECT,
    WS_KIND_PARTIAL,
    WS_KIND_CONTINUATION,
    WS_KIND_HEADLINE,
} ws_kind;

const char *ws_kind_name(ws_kind kind);

#define WS_NONE ((size_t)-1)

typedef struct ws_quote {
    size_t start, end;              /* the quoted words, marks excluded */
    const char *speaker;            /* canonical speaker, or NULL */
    const char *mention;            /* surface form at the quote, or NULL */
    size_t mention_start, mention_end; /* WS_NONE when there is no mention */
    const char *cue;                /* the cue word(s), or NULL */
    size_t cue_start, cue_end;      /* WS_NONE when there is no cue */
    ws_kind kind;
    size_t paragraph;               /* 0-based index in the document */
    size_t sentence;                /* 0-based index in its paragraph */
    size_t speaker_start, speaker_end; /* where the canonical form stands in
                                          the text (WS_NONE: no speaker) */
    const char *rule;               /* the rule that attributed it */
    const char *resolution;         /* how the mention became the speaker */
    double confidence;              /* 0..1 */
} ws_quote;

/* Extracts the quotes of one document.  `text` need not be NUL-terminated.
 * On success returns WS_OK and sets *out (free it with ws_result_free);
 * on failure returns a negative ws_error and *out is NULL. */
int ws_extract(ws_extractor *ex, const char *id, const char *text,
               size_t length, ws_result **out);
void ws_result_free(ws_result *result);

size_t ws_result_count(const ws_result *result);
const ws_quote *ws_result_quote(const ws_result *result, size_t index);
/* Byte offset of the first invalid UTF-8 sequence, or WS_NONE. */
size_t ws_result_invalid_utf8_offset(const ws_result *result);
size_t ws_result_invalid_utf8_count(const ws_result *result);

/* Output formats. */
typedef enum ws_format {
    WS_FORMAT_JSONL,
    WS_FORMAT_JSON,
    WS_FORMAT_TSV,
} ws_format;

/* Writer options. */
#define WS_WRITE_EXPLAIN (1 << 0) /* add cue offsets and the chain from mention to speaker */

/* A growable output buffer owned by the caller (free `data` with free()). */
typedef struct ws_buffer {
    char *data;
    size_t length, capacity;
} ws_buffer;

/* Appends the records of one document to `out`.  For WS_FORMAT_JSON the
 * caller writes the surrounding "[" "]" and separators; `first` says
 * whether a record has already been written.  Returns WS_OK or
 * WS_ERR_NOMEM. */
int ws_write_records(ws_buffer *out, ws_format format, int flags,
                     const char *id, const char *text, size_t length,
                     const ws_result *result, const char *lang, int *first);

/* Appends one JSON error record {"doc","error","line"} (line 0: omitted). */
int ws_write_error(ws_buffer *out, ws_format format, const char *id,
                   const char *message, size_t line, int *first);

/* Appends a JSON string literal of `length` bytes, escaping control
 * characters and replacing invalid UTF-8 with U+FFFD. */
int ws_buffer_json_string(ws_buffer *out, const char *s, size_t length);
int ws_buffer_append(ws_buffer *out, const char *s, size_t length);

#ifdef __cplusplus
}
#endif

#endif /* WHOSAID_H */

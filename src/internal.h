/* Internal declarations shared by the library's modules; not installed. */
#ifndef WS_INTERNAL_H
#define WS_INTERNAL_H

#include "whosaid.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdatomic.h>

typedef struct ws_span {
    size_t start, end;
} ws_span;

/* A growable array of T; `items` is owned by whoever holds the vector. */
#define WS_VEC(T) struct { T *items; size_t count, capacity; }
int ws_vec_grow(void **items, size_t *capacity, size_t need, size_t item_size);
#define WS_VEC_PUSH(vec, value)                                                \
    (((vec).count < (vec).capacity ||                                          \
      ws_vec_grow((void **)&(vec).items, &(vec).capacity, (vec).count + 1,     \
                  sizeof(*(vec).items)) == 0)                                  \
         ? ((vec).items[(vec).count++] = (value), 0)                           \
         : WS_ERR_NOMEM)

/* ---- utf8.c ---- */
/* The *_wide functions take the non-ASCII cases; the inline wrappers keep
 * ASCII, nearly all of an English text, free of calls. */
uint32_t ws_utf8_next_wide(const char *s, size_t len, size_t *pos);
bool ws_is_space_wide(uint32_t c);
bool ws_is_letter_wide(uint32_t c);
bool ws_is_upper_wide(uint32_t c);
bool ws_is_digit_wide(uint32_t c);

/* Decodes one code point at s[*pos] (pos < len), advances *pos; invalid
 * sequences yield 0xFFFD and advance by one byte. */
static inline uint32_t ws_utf8_next(const char *s, size_t len, size_t *pos)
{
    unsigned char c = (unsigned char)s[*pos];
    if (c < 0x80) {
        (*pos)++;
        return c;
    }
    return ws_utf8_next_wide(s, len, pos);
}
/* The code point ending just before `pos` (pos > 0), and its start. */
uint32_t ws_utf8_prev(const char *s, size_t pos, size_t *start);
/* Length of a valid UTF-8 sequence at s[pos], or 0 when it is invalid. */
size_t ws_utf8_valid_length(const char *s, size_t len, size_t pos);

static inline bool ws_is_space(uint32_t c)
{
    return c < 0x80 ? c == ' ' || (c >= '\t' && c <= '\r') : ws_is_space_wide(c);
}
static inline bool ws_is_letter(uint32_t c)
{
    return c < 0x80 ? (c | 0x20) >= 'a' && (c | 0x20) <= 'z' : ws_is_letter_wide(c);
}
static inline bool ws_is_upper(uint32_t c)
{
    return c < 0x80 ? c >= 'A' && c <= 'Z' : ws_is_upper_wide(c);
}
static inline bool ws_is_digit(uint32_t c)
{
    return c < 0x80 ? c >= '0' && c <= '9' : ws_is_digit_wide(c);
}

/* ---- document.c ---- */
typedef struct ws_document {
    const char *source;   /* the caller's bytes */
    size_t length;
    char *text;           /* analysis copy: same length, invalid bytes -> 0x1A, NUL -> ' ' */
    WS_VEC(ws_span) paragraphs;
    WS_VEC(size_t) sentences; /* start offsets, ascending */
    size_t invalid_first, invalid_count;
} ws_document;

/* Fills `doc` (whose vectors may hold storage from a previous document). */
int ws_document_load(ws_document *doc, const char *text, size_t length,
                     bool strict, size_t max_paragraph);
void ws_document_release(ws_document *doc);
size_t ws_document_sentence_of(const ws_document *doc, size_t offset);
size_t ws_document_paragraph_of(const ws_document *doc, size_t offset);
/* Is paragraph `index` the headline or a standfirst? */
bool ws_document_is_headline(const ws_document *doc, size_t index);

/* ---- rules.c ---- */
typedef struct ws_rule {
    char *id;
    enum { WS_SCOPE_AFTER, WS_SCOPE_BEFORE, WS_SCOPE_SENTENCE_AFTER,
           WS_SCOPE_PREVIOUS_SENTENCE } scope;
    double confidence;
    size_t window;        /* 0, or the most bytes of context to read */
    bool needs_cue;       /* the pattern uses {CUE}: skipped where no cue word is */
    pcre2_code *code;
    uint32_t speaker_group, cue_group;
    uint32_t source_group; /* 0, or the speaker's whole noun phrase */
} ws_rule;

typedef enum ws_gender { WS_GENDER_UNKNOWN, WS_GENDER_MALE, WS_GENDER_FEMALE,
                         WS_GENDER_NEUTER, WS_GENDER_PLURAL } ws_gender;

typedef struct ws_word {
    char *text;
    size_t length;
    ws_gender gender;
} ws_word;

typedef struct ws_word_list {
    ws_word *items;
    size_t count, capacity;
    /* Open-addressing index of items (slot = item index + 1, 0 empty),
     * built once the list is loaded, for exact lookups. */
    uint32_t *index;
    size_t index_capacity;
} ws_word_list;

struct ws_rules {
    char *lang;
    char *locale;          /* ICU locale for segmentation */
    ws_word_list titles, pronouns, abbreviations, stopwords, particles, profile;
    ws_word_list works;    /* words before a quoted title: "show", "author of" */
    ws_word_list bylines;  /* words after a quoted headline: ""…," by Ann Lee" */
    ws_word_list objects;  /* words that make the next name an object: "of", "the" */
    ws_word_list suffixes; /* generational suffixes after a surname: "Jr", "III" */
    ws_word_list roles;    /* nouns for people or bodies, some with a gender */
    bool dialogue_dashes;  /* a paragraph opening with a dash is dialogue */
    bool double_apostrophes; /* '' is a double quote mark, not wiki italics */
    bool capitalised_nouns;  /* every noun is capitalised (German): weak name evidence */
    WS_VEC(ws_rule) rules;
    pcre2_code *cue_finder; /* any word of cues.txt */
    pcre2_code *subject_verb; /* anchored; NULL when the pack has none */
    pcre2_code *anaphor;      /* anchored: "the 23-year-old"; NULL when none */
    /* JIT-compiled copies of the patterns (the cue finder is number
     * rules.count), each made when it is first matched: JIT compilation
     * costs more than loading a pack, and a run compiles only the patterns
     * its texts reach (none of a pack --lang=auto never picks).  The
     * originals are never JIT-compiled, so other threads interpret them
     * while a copy compiles. */
    struct ws_jit {
        _Atomic(pcre2_code *) code;
        atomic_bool claimed;
    } *jit;
};

/* The code to match pattern i of the pack with (i == rules.count: the cue
 * finder); with `jit`, its JIT-compiled copy, which the first caller
 * makes. */
const pcre2_code *ws_rules_code(const ws_rules *rules, size_t i, bool jit);

/* Case-sensitive lookup; returns the entry or NULL. */
const ws_word *ws_words_find(const ws_word_list *list, const char *s, size_t len);
/* ASCII-case-insensitive lookup. */
const ws_word *ws_words_find_nocase(const ws_word_list *list, const char *s, size_t len);

/* ---- pattern_cache.c ---- */
/* pcre2_compile(re, options), or the code an earlier run compiled from
 * the same pattern and kept in `cache_dir` (NULL or "": no cache); a
 * fresh compilation is kept there for the next run. */
pcre2_code *ws_pattern_compile(const char *cache_dir, const char *re, uint32_t options,
                               int *error, PCRE2_SIZE *offset);

/* ---- segment.c ---- */
typedef struct ws_segmenter ws_segmenter;
ws_segmenter *ws_segmenter_new(const ws_rules *rules);
void ws_segmenter_free(ws_segmenter *seg);
/* Fills doc->sentences: every paragraph start, and the sentences of the
 * paragraphs marked in `wanted` (one flag a paragraph; NULL: all). */
int ws_segment(ws_segmenter *seg, ws_document *doc, const ws_rules *rules,
               const bool *wanted);

/* ---- scan.c ---- */
typedef struct ws_found_quote {
    size_t open, start, end, close_end; /* opening mark, words, after closing mark */
    size_t paragraph;
    bool closed;
} ws_found_quote;
typedef WS_VEC(ws_found_quote) ws_quote_list;

/* Appends the top-level quotes of `doc` to `out`; `dialogue`: read
 * dialogue dashes (see scan.c) as quotes too; `apostrophes`: read '' as a
 * double quote mark. */
int ws_scan_quotes(const ws_document *doc, int max_nesting, bool dialogue,
                   bool apostrophes, ws_quote_list *out);

/* ---- names.c ---- */
typedef struct ws_name_run {
    size_t start, end;     /* the name, titles excluded */
    size_t title_start;    /* == start when there is no title */
    unsigned tokens;
    ws_gender gender;
} ws_name_run;
typedef WS_VEC(ws_name_run) ws_name_list;
/* The fullest multi-word run whose last word is the last word of the
 * capitalised label [start,end) in any case ("MORALT" -> "Ines Moralt"). */
bool ws_names_for_label(const ws_document *doc, const ws_name_list *names, size_t start,
                        size_t end, ws_span *out);

/* Collects the capitalised name runs of the document. */
int ws_names_collect(const ws_document *doc, const ws_rules *rules,
                     ws_name_list *out);
/* The answers of ws_names_canonical for the surnames of a document seen so
 * far: a document names the same few people again and again. */
typedef struct ws_name_memo {
    size_t surname, length; /* the surname's bytes in the text */
    bool found;
    ws_span full;
    ws_gender gender;
} ws_name_memo;
typedef WS_VEC(ws_name_memo) ws_name_memo_list;
/* Are t[start,end) a person's initials: "J.", "G.K.", "J.R.R."? */
bool ws_initials(const char *t, size_t start, size_t end);
/* Is t[s,e) a generational suffix ("Jr.", "III"), from suffixes.txt? */
bool ws_name_suffix(const ws_rules *rules, const char *t, size_t s, size_t e);
/* The fullest form in `names` of the name s[start,end) (titles already
 * stripped): first and last name around its surname.  False when the
 * document holds no fuller form.  `memo` is emptied for each document. */
bool ws_names_canonical(const ws_document *doc, const ws_rules *rules,
                        const ws_name_list *names, ws_name_memo_list *memo,
                        size_t start, size_t end, ws_span *out, ws_gender *gender);
/* Trims titles and determiners off a mention, extends it left over
 * capitalised words; returns the title gender if any. */
ws_gender ws_mention_normalise(const ws_document *doc, const ws_rules *rules,
                               size_t *start, size_t *end, size_t floor);

/* ---- not_quotes.c ---- */
/* A short title-case or capitalised quote with no speaker: a title. */
bool ws_looks_like_title(const ws_document *doc, const ws_found_quote *q);
/* A title-case quote that a word of works.txt, a possessive or an
 * apposition ("a movie about") marks as a work, or a headline with its
 * byline. */
bool ws_names_a_work(const ws_rules *rules, const ws_document *doc, const ws_found_quote *q);
/* Quote i is the excerpt after a quoted headline and its byline. */
bool ws_byline_excerpt(const ws_rules *rules, const ws_document *doc,
                       const ws_quote_list *quotes, size_t i);

/* ---- attribute.c ---- */
typedef struct ws_attribution {
    size_t mention_start, mention_end;   /* WS_NONE: no speaker */
    size_t speaker_start, speaker_end;   /* canonical form's bytes in the text */
    size_t cue_start, cue_end;
    const char *rule;
    const char *resolution;
    ws_kind kind;
    double confidence;
    bool drop; /* not a quotation: a title or a name in quote marks */
} ws_attribution;

int ws_attribute(ws_extractor *ex, const ws_document *doc,
                 const ws_quote_list *quotes, ws_attribution *out);

/* ---- extractor.c ---- */
struct ws_extractor {
    const ws_rules *rules;
    int options;
    ws_limits limits;
    ws_segmenter *segmenter;
    pcre2_match_data *match;
    pcre2_match_context *match_context; /* the per-match work limit */
    pcre2_jit_stack *jit_stack;
    uint32_t match_options;  /* PCRE2_NO_JIT under WS_OPT_NO_JIT */
    bool jit;                /* not WS_OPT_NO_JIT */
    ws_document doc;
    ws_quote_list quotes;
    ws_name_list names;
    ws_name_memo_list name_memo;
    WS_VEC(bool) near_quote; /* per paragraph: does attribution look there? */
    /* Per rule, under WS_OPT_PROFILE_RULES (else NULL). */
    struct ws_rule_tally { unsigned long long tries, matches, nanoseconds; } *tally;
};

/* Matches pattern i of the extractor's pack (see ws_rules_code) against
 * `text`, into ex->match. */
int ws_match_pattern(ws_extractor *ex, size_t i, const char *text, size_t length);

#endif

/* The rules loader: reads a language's rule pack (word lists and
 * patterns, see rules/README.md), expands the {MACRO}s of the patterns and
 * compiles each once (or decodes it from the pattern cache); each is
 * JIT-compiled when first matched.  Errors carry file:line:col. */
#include "internal.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef WS_VEC(char) char_vec;

typedef struct loader {
    ws_rules *rules;
    ws_diag_fn diag;
    void *user;
    const char *cache_dir; /* compiled patterns kept between runs, or NULL */
    char path[4096];
    size_t line;
    WS_VEC(char *) macro_names;
    WS_VEC(char *) macro_bodies;
    WS_VEC(bool) macro_subroutine; /* expanded as a call, see `subroutine` */
    ws_word_list *list; /* the list load_words is filling */
} loader;

__attribute__((format(printf, 3, 4)))
static void report(loader *ld, size_t col, const char *fmt, ...)
{
    char where[4200], message[1024];
    va_list ap;
    if (!ld->diag)
        return;
    snprintf(where, sizeof(where), "%s:%zu:%zu", ld->path, ld->line, col);
    va_start(ap, fmt);
    vsnprintf(message, sizeof(message), fmt, ap);
    va_end(ap);
    ld->diag(ld->user, where, message);
}

static char *dup_range(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

/* Reads a whole small file; NULL when it does not exist. */
static char *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    WS_VEC(char) buf = {0};
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        if (ws_vec_grow((void **)&buf.items, &buf.capacity, buf.count + n + 1, 1)) {
            free(buf.items);
            fclose(f);
            return NULL;
        }
        memcpy(buf.items + buf.count, chunk, n);
        buf.count += n;
    }
    fclose(f);
    if (!buf.items && !(buf.items = malloc(1)))
        return NULL;
    buf.items[buf.count] = '\0';
    *size = buf.count;
    return buf.items;
}

/* Calls `each` for every non-comment line of rules/<lang>/<name>, with the
 * line's text (comment and edge spaces removed) and its 1-based column. */
typedef int (*line_fn)(loader *ld, char *text, size_t col);

static int each_line(loader *ld, const char *dir, const char *name,
                     bool required, line_fn each)
{
    size_t size;
    snprintf(ld->path, sizeof(ld->path), "%s/%s/%s", dir, ld->rules->lang, name);
    char *data = read_file(ld->path, &size);
    if (!data) {
        if (!required)
            return WS_OK;
        ld->line = 0;
        report(ld, 0, "cannot read: %s", strerror(errno ? errno : ENOENT));
        return WS_ERR_RULES;
    }
    int err = WS_OK;
    ld->line = 0;
    char *cursor = data;
    while (!err && cursor && *cursor) {
        char *line = cursor;
        char *nl = strchr(cursor, '\n');
        if (nl) {
            *nl = '\0';
            cursor = nl + 1;
        } else {
            cursor = NULL;
        }
        ld->line++;
        size_t length = strlen(line);
        for (size_t i = 0; i < length;) {
            size_t n = ws_utf8_valid_length(line, length, i);
            if (n == 0) {
                report(ld, i + 1, "invalid UTF-8 (byte 0x%02X)", (unsigned char)line[i]);
                free(data);
                return WS_ERR_RULES;
            }
            i += n;
        }
        if (length > WS_MAX_RULE_LENGTH) {
            report(ld, WS_MAX_RULE_LENGTH, "line longer than %d bytes",
                   WS_MAX_RULE_LENGTH);
            err = WS_ERR_RULES;
            break;
        }
        /* A '#' at the start of a line or after a space starts a comment. */
        for (char *h = line; *h; h++)
            if (*h == '#' && (h == line || h[-1] == ' ' || h[-1] == '\t')) {
                *h = '\0';
                break;
            }
        size_t col = 1;
        while (*line == ' ' || *line == '\t') {
            line++;
            col++;
        }
        size_t n = strlen(line);
        while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t' ||
                         line[n - 1] == '\r'))
            line[--n] = '\0';
        if (n > 0)
            err = each(ld, line, col);
    }
    free(data);
    return err;
}

static int add_word(loader *ld, char *text, size_t col)
{
    ws_gender gender = WS_GENDER_UNKNOWN;
    char *at = strstr(text, " @");
    if (!at)
        at = strstr(text, "\t@");
    if (at) {
        const char *g = at + 2;
        if (!strcmp(g, "male"))
            gender = WS_GENDER_MALE;
        else if (!strcmp(g, "female"))
            gender = WS_GENDER_FEMALE;
        else if (!strcmp(g, "neuter"))
            gender = WS_GENDER_NEUTER;
        else if (!strcmp(g, "plural"))
            gender = WS_GENDER_PLURAL;
        else {
            report(ld, col + (size_t)(g - text), "unknown attribute '@%s'", g);
            return WS_ERR_RULES;
        }
        while (at > text && (at[-1] == ' ' || at[-1] == '\t'))
            at--;
        *at = '\0';
    }
    size_t n = strlen(text);
    ws_word w = {dup_range(text, n), n, gender};
    if (!w.text || WS_VEC_PUSH(*ld->list, w)) {
        free(w.text);
        return WS_ERR_NOMEM;
    }
    return WS_OK;
}

static int load_words(loader *ld, const char *dir, const char *name,
                      ws_word_list *list, bool required)
{
    ld->list = list;
    return each_line(ld, dir, name, required, add_word);
}

static uint64_t hash_bytes(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

static int index_words(ws_word_list *list)
{
    size_t cap = 16;
    while (cap < list->count * 2)
        cap *= 2;
    list->index = calloc(cap, sizeof(uint32_t));
    if (!list->index)
        return WS_ERR_NOMEM;
    list->index_capacity = cap;
    for (size_t i = 0; i < list->count; i++) {
        size_t slot = hash_bytes(list->items[i].text, list->items[i].length) & (cap - 1);
        while (list->index[slot])
            slot = (slot + 1) & (cap - 1);
        list->index[slot] = (uint32_t)i + 1;
    }
    return WS_OK;
}

const ws_word *ws_words_find(const ws_word_list *list, const char *s, size_t len)
{
    if (list->index) {
        size_t mask = list->index_capacity - 1;
        for (size_t slot = hash_bytes(s, len) & mask; list->index[slot];
             slot = (slot + 1) & mask) {
            const ws_word *w = &list->items[list->index[slot] - 1];
            if (w->length == len && !memcmp(w->text, s, len))
                return w;
        }
        return NULL;
    }
    for (size_t i = 0; i < list->count; i++)
        if (list->items[i].length == len && !memcmp(list->items[i].text, s, len))
            return &list->items[i];
    return NULL;
}

const ws_word *ws_words_find_nocase(const ws_word_list *list, const char *s,
                                    size_t len)
{
    for (size_t i = 0; i < list->count; i++)
        if (list->items[i].length == len && !strncasecmp(list->items[i].text, s, len))
            return &list->items[i];
    return NULL;
}

/* ---- macros ---- */

static int add_macro(loader *ld, const char *name, size_t name_len,
                     char *body, bool subroutine)
{
    char *n = dup_range(name, name_len);
    if (!n || WS_VEC_PUSH(ld->macro_names, n)) {
        free(n);
        free(body);
        return WS_ERR_NOMEM;
    }
    if (WS_VEC_PUSH(ld->macro_bodies, body)) {
        free(body);
        return WS_ERR_NOMEM;
    }
    return WS_VEC_PUSH(ld->macro_subroutine, subroutine);
}

static int cmp_text(const void *a, const void *b)
{
    return strcmp(((const ws_word *)a)->text, ((const ws_word *)b)->text);
}

static int put_bytes(char_vec *re, const char *s, size_t n)
{
    if (n == 0)
        return WS_OK; /* memcpy may not take the NULL of an empty vector */
    if (ws_vec_grow((void **)&re->items, &re->capacity, re->count + n, 1))
        return WS_ERR_NOMEM;
    memcpy(re->items + re->count, s, n);
    re->count += n;
    return WS_OK;
}

static int put_str(char_vec *re, const char *s)
{
    return put_bytes(re, s, strlen(s));
}

/* Bytes of the UTF-8 character at s (1 for a stray byte). */
static size_t char_length(const char *s)
{
    unsigned char c = (unsigned char)*s;
    size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    for (size_t i = 1; i < n; i++)
        if (!s[i])
            return i;
    return n;
}

static int put_char(char_vec *re, const char *c, size_t n)
{
    if (n == 1 && *c == ' ')
        return put_str(re, "\\s+");
    if (n == 1 && strchr("\\^$.|?*+()[]{}#", *c) && WS_VEC_PUSH(*re, '\\'))
        return WS_ERR_NOMEM;
    for (size_t i = 0; i < n; i++)
        if (WS_VEC_PUSH(*re, c[i]))
            return WS_ERR_NOMEM;
    return WS_OK;
}

/* The sorted words [lo,hi), which share their first `depth` bytes, as a
 * trie-shaped regex: PCRE2 tries alternatives one by one, so a list of
 * 300 verbs costs 300 tries at every position, a trie a handful.  At each
 * node going on is tried before stopping, so longer words win. */
/* The end of the run of words from i that share their next character
 * (of n bytes) after `depth`. */
static size_t same_next(const ws_word *w, size_t i, size_t hi, size_t depth, size_t *n)
{
    *n = char_length(w[i].text + depth);
    size_t j = i + 1;
    while (j < hi && w[j].length > depth && !strncmp(w[j].text + depth, w[i].text + depth, *n))
        j++;
    return j;
}

static int trie(char_vec *re, const ws_word *w, size_t lo, size_t hi, size_t depth)
{
    bool ends = false;
    size_t children = 0, n;
    for (size_t i = lo; i < hi; children++) {
        while (i < hi && w[i].length == depth) { /* sorted: shortest first */
            ends = true;
            i++;
        }
        if (i == hi)
            break;
        i = same_next(w, i, hi, depth, &n);
    }
    bool group = children > 1 || (children == 1 && ends);
    int err = group ? put_str(re, "(?:") : WS_OK;
    bool first = true;
    for (size_t i = lo; !err && i < hi;) {
        if (w[i].length == depth) {
            i++;
            continue;
        }
        size_t j = same_next(w, i, hi, depth, &n);
        if (!first)
            err = WS_VEC_PUSH(*re, '|');
        first = false;
        err = err ? err : put_char(re, w[i].text + depth, n);
        err = err ? err : trie(re, w, i, j, depth + n);
        i = j;
    }
    if (!err && group && ends)
        err = WS_VEC_PUSH(*re, '|');
    if (!err && group)
        err = WS_VEC_PUSH(*re, ')');
    return err;
}

/* A word list as a regex (see trie()), metacharacters escaped and a
 * space matching any run of spaces. */
static char *alternation(const ws_word_list *list)
{
    char_vec re = {0};
    /* A sorted copy without duplicates; the list keeps its order. */
    ws_word *w = malloc((list->count + 1) * sizeof(ws_word));
    if (!w)
        return NULL;
    if (list->count)
        memcpy(w, list->items, list->count * sizeof(ws_word));
    qsort(w, list->count, sizeof(ws_word), cmp_text);
    size_t n = 0;
    for (size_t i = 0; i < list->count; i++)
        if (n == 0 || strcmp(w[n - 1].text, w[i].text))
            w[n++] = w[i];
    int err = put_str(&re, "(?:");
    if (!err)
        err = n ? trie(&re, w, 0, n, 0) : put_str(&re, "(*FAIL)");
    free(w);
    if (!err)
        err = put_str(&re, ")");
    if (!err)
        err = WS_VEC_PUSH(re, '\0');
    if (err) {
        free(re.items);
        return NULL;
    }
    return re.items;
}

/* Expands {NAME} references (defined earlier) into `out`. */
/* A subroutine macro NAME is the group ws_NAME of a DEFINE block. */
#define SUBROUTINE_PREFIX "(?&ws_"

static int append_call(char_vec *out, const char *name)
{
    int err = put_str(out, SUBROUTINE_PREFIX);
    err = err ? err : put_str(out, name);
    return err ? err : put_str(out, ")");
}

static int expand(loader *ld, const char *src, size_t col, int depth,
                  char_vec *out)
{
    if (depth > 16) {
        report(ld, col, "macros nest deeper than 16 (a macro that uses itself?)");
        return WS_ERR_RULES;
    }
    for (const char *c = src; *c; c++) {
        /* Up to the next brace at once: the word lists' tries are long. */
        size_t run = strcspn(c, "{");
        if (put_bytes(out, c, run))
            return WS_ERR_NOMEM;
        c += run;
        if (!*c)
            break;
        /* \p{Lu}, \x{C0}, \g{NAME}: an escape's braces, not a macro. */
        bool property = c - src >= 2 && c[-1] && strchr("pPxgkNo", c[-1]) && c[-2] == '\\';
        if (!property && (isupper((unsigned char)c[1]) || c[1] == '_')) {
            const char *e = c + 1;
            while (isupper((unsigned char)*e) || isdigit((unsigned char)*e) ||
                   *e == '_')
                e++;
            if (*e == '}') {
                size_t n = (size_t)(e - c - 1);
                size_t i = ld->macro_names.count;
                while (i-- > 0)
                    if (strlen(ld->macro_names.items[i]) == n &&
                        !memcmp(ld->macro_names.items[i], c + 1, n))
                        break;
                if (i == (size_t)-1) {
                    report(ld, col + (size_t)(c - src), "unknown macro {%.*s}",
                           (int)n, c + 1);
                    return WS_ERR_RULES;
                }
                int err = ld->macro_subroutine.items[i]
                               ? append_call(out, ld->macro_names.items[i])
                               : expand(ld, ld->macro_bodies.items[i], col, depth + 1, out);
                if (err)
                    return err;
                c = e;
                continue;
            }
        }
        if (WS_VEC_PUSH(*out, *c))
            return WS_ERR_NOMEM;
    }
    return WS_OK;
}

/* Appends a DEFINE block for every subroutine the pattern calls, and for
 * those their bodies call in turn: each body is in the pattern once, however
 * often it is called (PCRE2 copies a group once per repeat, so a word list
 * used in a repeated group would otherwise be copied many times over). */
static int define_subroutines(loader *ld, char_vec *out)
{
    for (size_t scanned = 0;;) {
        if (WS_VEC_PUSH(*out, '\0'))
            return WS_ERR_NOMEM;
        out->count--;
        const char *call = strstr(out->items + scanned, SUBROUTINE_PREFIX);
        if (!call)
            return WS_OK;
        const char *name = call + strlen(SUBROUTINE_PREFIX);
        size_t n = strcspn(name, ")");
        scanned = (size_t)(name - out->items) + n;
        char head[128];
        snprintf(head, sizeof(head), "(?<ws_%.*s>", (int)(n < 64 ? n : 64), name);
        if (strstr(out->items, head))
            continue; /* defined already */
        size_t i = ld->macro_names.count;
        while (i-- > 0)
            if (strlen(ld->macro_names.items[i]) == n &&
                !memcmp(ld->macro_names.items[i], name, n))
                break;
        if (i == (size_t)-1)
            continue; /* a call the user wrote: PCRE2 judges it */
        int err = put_str(out, "(?(DEFINE)");
        err = err ? err : put_str(out, head);
        err = err ? err : put_str(out, ld->macro_bodies.items[i]);
        err = err ? err : put_str(out, "))");
        if (err)
            return err;
    }
}

/* The macros of `src` replaced; a whole pattern (`complete`) also gets
 * the DEFINE blocks of the subroutines it calls. */
static char *expanded(loader *ld, const char *src, size_t col, bool complete, int *err)
{
    char_vec out = {0};
    *err = expand(ld, src, col, 0, &out);
    if (!*err && complete)
        *err = define_subroutines(ld, &out);
    if (!*err && WS_VEC_PUSH(out, '\0'))
        *err = WS_ERR_NOMEM;
    if (*err) {
        free(out.items);
        return NULL;
    }
    return out.items;
}

/* Splits off the next whitespace-separated field. */
static char *field(char **cursor, size_t *col)
{
    char *s = *cursor;
    while (*s == ' ' || *s == '\t') {
        s++;
        (*col)++;
    }
    if (!*s)
        return NULL;
    char *e = s;
    while (*e && *e != ' ' && *e != '\t')
        e++;
    size_t n = (size_t)(e - s);
    if (*e)
        *e++ = '\0';
    *cursor = e;
    *col += n + 1;
    return s;
}

static int compile_rule(loader *ld, const char *id, char *scope,
                        const char *confidence, char *pattern, size_t col)
{
    ws_rule rule = {0};
    /* SCOPE:N reads at most the N bytes next to the quote. */
    char *colon = strchr(scope, ':');
    if (colon) {
        char *end;
        unsigned long window = strtoul(colon + 1, &end, 10);
        if (*end || window == 0 || window > 100000) {
            report(ld, col, "bad window '%s' (SCOPE:BYTES, 1 to 100000)", colon + 1);
            return WS_ERR_RULES;
        }
        rule.window = window;
        *colon = '\0';
    }
    if (!strcmp(scope, "after"))
        rule.scope = WS_SCOPE_AFTER;
    else if (!strcmp(scope, "before"))
        rule.scope = WS_SCOPE_BEFORE;
    else if (!strcmp(scope, "sentence-after"))
        rule.scope = WS_SCOPE_SENTENCE_AFTER;
    else if (!strcmp(scope, "previous-sentence"))
        rule.scope = WS_SCOPE_PREVIOUS_SENTENCE;
    else {
        report(ld, col, "unknown scope '%s' (after, before, sentence-after, "
               "previous-sentence)", scope);
        return WS_ERR_RULES;
    }
    char *end;
    rule.confidence = strtod(confidence, &end);
    if (*end || rule.confidence < 0 || rule.confidence > 1) {
        report(ld, col, "confidence '%s' is not a number from 0 to 1", confidence);
        return WS_ERR_RULES;
    }
    int err;
    char *re = expanded(ld, pattern, col, true, &err);
    if (!re)
        return err;
    int code;
    PCRE2_SIZE offset;
    rule.code = ws_pattern_compile(ld->cache_dir, re, PCRE2_UTF | PCRE2_UCP, &code, &offset);
    if (!rule.code) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(code, msg, sizeof(msg));
        report(ld, col, "invalid pattern in rule '%s': %s (at byte %zu of the "
               "expanded pattern)", id, (const char *)msg, (size_t)offset);
        free(re);
        return WS_ERR_RULES;
    }
    free(re);
    int speaker = pcre2_substring_number_from_name(rule.code, (PCRE2_SPTR) "speaker");
    int cue = pcre2_substring_number_from_name(rule.code, (PCRE2_SPTR) "cue");
    int source = pcre2_substring_number_from_name(rule.code, (PCRE2_SPTR) "source");
    if (speaker < 0) {
        report(ld, col, "rule '%s' has no (?<speaker>...) group", id);
        pcre2_code_free(rule.code);
        return WS_ERR_RULES;
    }
    rule.speaker_group = (uint32_t)speaker;
    rule.cue_group = cue < 0 ? 0 : (uint32_t)cue;
    rule.source_group = source < 0 ? 0 : (uint32_t)source;
    rule.needs_cue = strstr(pattern, "{CUE}") != NULL;
    rule.id = dup_range(id, strlen(id));
    if (!rule.id || WS_VEC_PUSH(ld->rules->rules, rule)) {
        free(rule.id);
        pcre2_code_free(rule.code);
        return WS_ERR_NOMEM;
    }
    return WS_OK;
}

/* `subject-verb REGEX` (the words that show a name before them is a
 * clause's subject) and `anaphor REGEX` (a description that points back
 * like a pronoun): anchored patterns kept in *slot. */
static int anchored_line(loader *ld, const char *keyword, const char *pattern, size_t col,
                         pcre2_code **slot)
{
    int err, code;
    PCRE2_SIZE offset;
    char *re = expanded(ld, pattern, col, true, &err);
    if (!re)
        return err;
    pcre2_code_free(*slot);
    *slot = ws_pattern_compile(ld->cache_dir, re, PCRE2_UTF | PCRE2_UCP | PCRE2_ANCHORED,
                               &code, &offset);
    free(re);
    if (!*slot) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(code, msg, sizeof(msg));
        report(ld, col, "invalid %s pattern: %s (at byte %zu of the expanded pattern)",
               keyword, (const char *)msg, (size_t)offset);
        return WS_ERR_RULES;
    }
    return WS_OK;
}

/* patterns.rules: `locale LOCALE`, `dialogue-dashes on|off`,
 * `subject-verb REGEX`, `anaphor REGEX`, `define NAME REGEX`, `subroutine NAME REGEX`,
 * `rule ID SCOPE CONFIDENCE REGEX`. */
static int pattern_line(loader *ld, char *text, size_t col)
{
    char *cursor = text;
    size_t c = col;
    char *keyword = field(&cursor, &c);
    if (!strcmp(keyword, "locale")) {
        char *locale = field(&cursor, &c);
        if (!locale) {
            report(ld, c, "locale needs a value");
            return WS_ERR_RULES;
        }
        free(ld->rules->locale);
        ld->rules->locale = dup_range(locale, strlen(locale));
        return ld->rules->locale ? WS_OK : WS_ERR_NOMEM;
    }
    bool *setting = !strcmp(keyword, "dialogue-dashes")      ? &ld->rules->dialogue_dashes
                    : !strcmp(keyword, "double-apostrophes") ? &ld->rules->double_apostrophes
                    : !strcmp(keyword, "capitalised-nouns")  ? &ld->rules->capitalised_nouns
                                                             : NULL;
    if (setting) {
        char *value = field(&cursor, &c);
        if (!value || (strcmp(value, "on") && strcmp(value, "off"))) {
            report(ld, c, "%s needs on or off", keyword);
            return WS_ERR_RULES;
        }
        *setting = !strcmp(value, "on");
        return WS_OK;
    }
    bool anaphor = !strcmp(keyword, "anaphor");
    if (anaphor || !strcmp(keyword, "subject-verb")) {
        while (*cursor == ' ' || *cursor == '\t') {
            cursor++;
            c++;
        }
        if (!*cursor) {
            report(ld, c, "%s needs a pattern", keyword);
            return WS_ERR_RULES;
        }
        return anchored_line(ld, keyword, cursor, c,
                             anaphor ? &ld->rules->anaphor : &ld->rules->subject_verb);
    }
    bool subroutine = !strcmp(keyword, "subroutine");
    if (subroutine || !strcmp(keyword, "define")) {
        char *name = field(&cursor, &c);
        while (*cursor == ' ' || *cursor == '\t') {
            cursor++;
            c++;
        }
        if (!name || !*cursor) {
            report(ld, c, "%s needs a NAME and a pattern", keyword);
            return WS_ERR_RULES;
        }
        for (const char *n = name; *n; n++)
            if (!isupper((unsigned char)*n) && !isdigit((unsigned char)*n) && *n != '_') {
                report(ld, col + 7, "macro names are UPPER_CASE: '%s'", name);
                return WS_ERR_RULES;
            }
        int err;
        char *body = expanded(ld, cursor, c, false, &err);
        if (!body)
            return err;
        /* Wrapped so a macro is always one atom. */
        size_t n = strlen(body);
        char *wrapped = malloc(n + 5);
        if (!wrapped) {
            free(body);
            return WS_ERR_NOMEM;
        }
        memcpy(wrapped, "(?:", 3);
        memcpy(wrapped + 3, body, n);
        memcpy(wrapped + 3 + n, ")", 2);
        free(body);
        return add_macro(ld, name, strlen(name), wrapped, subroutine);
    }
    if (!strcmp(keyword, "rule")) {
        char *id = field(&cursor, &c);
        size_t scope_col = c;
        char *scope = id ? field(&cursor, &c) : NULL;
        char *confidence = scope ? field(&cursor, &c) : NULL;
        while (*cursor == ' ' || *cursor == '\t') {
            cursor++;
            c++;
        }
        if (!confidence || !*cursor) {
            report(ld, c, "rule needs ID SCOPE CONFIDENCE PATTERN");
            return WS_ERR_RULES;
        }
        (void)scope_col;
        return compile_rule(ld, id, scope, confidence, cursor, c);
    }
    report(ld, col, "unknown keyword '%s' (locale, dialogue-dashes, double-apostrophes, "
           "capitalised-nouns, subject-verb, define, subroutine, rule)", keyword);
    return WS_ERR_RULES;
}

static int list_macro(loader *ld, const char *name, const ws_word_list *list)
{
    char *re = alternation(list);
    if (!re)
        return WS_ERR_NOMEM;
    return add_macro(ld, name, strlen(name), re, false);
}

ws_rules *ws_rules_load(const char *dir, const char *lang, ws_diag_fn diag,
                        void *user, int *error)
{
    return ws_rules_load_cached(dir, lang, NULL, diag, user, error);
}

ws_rules *ws_rules_load_cached(const char *dir, const char *lang, const char *cache_dir,
                               ws_diag_fn diag, void *user, int *error)
{
    int err = WS_ERR_NOMEM;
    ws_word_list cues = {0};
    loader ld = {0};
    ws_rules *rules = calloc(1, sizeof(*rules));
    if (!rules)
        goto done;
    ld.rules = rules;
    ld.diag = diag;
    ld.user = user;
    ld.cache_dir = cache_dir;
    rules->lang = dup_range(lang, strlen(lang));
    rules->locale = dup_range(lang, strlen(lang));
    if (!rules->lang || !rules->locale)
        goto done;
    rules->dialogue_dashes = true;
    rules->double_apostrophes = true;

    if ((err = load_words(&ld, dir, "titles.txt", &rules->titles, true)) ||
        (err = load_words(&ld, dir, "pronouns.txt", &rules->pronouns, true)) ||
        (err = load_words(&ld, dir, "abbreviations.txt", &rules->abbreviations, false)) ||
        (err = load_words(&ld, dir, "stopwords.txt", &rules->stopwords, false)) ||
        (err = load_words(&ld, dir, "particles.txt", &rules->particles, false)) ||
        (err = load_words(&ld, dir, "profile.txt", &rules->profile, false)) ||
        (err = load_words(&ld, dir, "cues.txt", &cues, true)) ||
        (err = load_words(&ld, dir, "roles.txt", &rules->roles, false)) ||
        (err = load_words(&ld, dir, "works.txt", &rules->works, false)) ||
        (err = load_words(&ld, dir, "bylines.txt", &rules->bylines, false)) ||
        (err = load_words(&ld, dir, "objects.txt", &rules->objects, false)) ||
        (err = load_words(&ld, dir, "suffixes.txt", &rules->suffixes, false)))
        goto done;
    ws_word_list *indexed[] = {&rules->titles, &rules->abbreviations, &rules->stopwords,
                               &rules->particles, &rules->profile, &rules->works,
                               &rules->bylines, &rules->objects, &rules->suffixes,
                               &rules->roles};
    for (size_t i = 0; i < sizeof(indexed) / sizeof(*indexed); i++)
        if ((err = index_words(indexed[i])))
            goto done;
    const ws_word_list *lists[4] = {&rules->titles, &rules->pronouns, &rules->stopwords,
                                    &rules->particles};
    const char *names[4] = {"TITLE", "PRONOUN", "STOP", "PARTICLE"};
    for (int i = 0; i < 4; i++)
        if ((err = list_macro(&ld, names[i], lists[i])))
            goto done;
    if ((err = list_macro(&ld, "CUE", &cues)) ||
        (err = list_macro(&ld, "ROLE_NOUN", &rules->roles)))
        goto done;
    {
        /* Finds whether a text holds any cue at all, so the rules built on
         * {CUE} are not tried where they cannot match. */
        int code;
        PCRE2_SIZE offset;
        char *re = expanded(&ld, "\\b{CUE}\\b", 1, true, &err);
        if (!re)
            goto done;
        rules->cue_finder = ws_pattern_compile(ld.cache_dir, re, PCRE2_UTF | PCRE2_UCP, &code,
                                               &offset);
        free(re);
        if (!rules->cue_finder) {
            snprintf(ld.path, sizeof(ld.path), "%s/%s/cues.txt", dir, lang);
            ld.line = 0;
            report(&ld, 0, "the cue words do not make a valid pattern");
            err = WS_ERR_RULES;
            goto done;
        }
    }
    err = each_line(&ld, dir, "patterns.rules", true, pattern_line);
    if (!err && rules->rules.count == 0) {
        ld.line = 0;
        report(&ld, 0, "no rule in the pack");
        err = WS_ERR_RULES;
    }
    if (!err && !(rules->jit = calloc(rules->rules.count + 1, sizeof(*rules->jit))))
        err = WS_ERR_NOMEM;
    for (size_t i = 0; !err && i <= rules->rules.count; i++) {
        atomic_init(&rules->jit[i].code, NULL);
        atomic_init(&rules->jit[i].claimed, false);
    }
done:
    for (size_t i = 0; i < cues.count; i++)
        free(cues.items[i].text);
    free(cues.items);
    for (size_t i = 0; i < ld.macro_names.count; i++) {
        free(ld.macro_names.items[i]);
        free(ld.macro_bodies.items[i]);
    }
    free(ld.macro_names.items);
    free(ld.macro_bodies.items);
    free(ld.macro_subroutine.items);
    if (err) {
        ws_rules_free(rules);
        rules = NULL;
    }
    if (error)
        *error = err;
    return rules;
}

static void free_words(ws_word_list *list)
{
    for (size_t i = 0; i < list->count; i++)
        free(list->items[i].text);
    free(list->items);
    free(list->index);
}

void ws_rules_free(ws_rules *rules)
{
    if (!rules)
        return;
    free_words(&rules->titles);
    free_words(&rules->pronouns);
    free_words(&rules->abbreviations);
    free_words(&rules->stopwords);
    free_words(&rules->particles);
    free_words(&rules->profile);
    free_words(&rules->works);
    free_words(&rules->bylines);
    free_words(&rules->objects);
    free_words(&rules->suffixes);
    free_words(&rules->roles);
    for (size_t i = 0; i < rules->rules.count; i++) {
        free(rules->rules.items[i].id);
        pcre2_code_free(rules->rules.items[i].code);
    }
    for (size_t i = 0; rules->jit && i <= rules->rules.count; i++)
        pcre2_code_free(atomic_load(&rules->jit[i].code));
    free(rules->jit);
    free(rules->rules.items);
    pcre2_code_free(rules->cue_finder);
    pcre2_code_free(rules->subject_verb);
    pcre2_code_free(rules->anaphor);
    free(rules->lang);
    free(rules->locale);
    free(rules);
}

const pcre2_code *ws_rules_code(const ws_rules *rules, size_t i, bool jit)
{
    const pcre2_code *plain = i < rules->rules.count ? rules->rules.items[i].code
                                                     : rules->cue_finder;
    if (!jit)
        return plain;
    /* The copies are bookkeeping, not the pack's meaning: the pack stays
     * read-only to its users. */
    struct ws_jit *j = &rules->jit[i];
    pcre2_code *code = atomic_load_explicit(&j->code, memory_order_acquire);
    if (code || atomic_exchange_explicit(&j->claimed, true, memory_order_relaxed))
        return code ? code : plain;
    code = pcre2_code_copy(plain);
    /* A pattern JIT cannot take stays with the interpreter. */
    if (!code || pcre2_jit_compile(code, PCRE2_JIT_COMPLETE)) {
        pcre2_code_free(code);
        return plain;
    }
    atomic_store_explicit(&j->code, code, memory_order_release);
    return code;
}

const char *ws_rules_lang(const ws_rules *rules)
{
    return rules ? rules->lang : NULL;
}

size_t ws_rules_count(const ws_rules *rules)
{
    return rules ? rules->rules.count : 0;
}

/* `whosaid eval GOLD.jsonl [PRED.jsonl]`: quote P/R/F1 with half-overlap
 * matching (one-to-one, greedy by overlap), exact-span F1, speaker
 * accuracy (lenient and strict), attributed P/R/F1 and recall by kind --
 * the same definitions as the reference scorer score.py, so figures agree.
 * Without PRED it runs the extractor on the gold texts itself. */
#include "eval.h"
#include "batch.h"
#include "json_value.h"
#include "packs.h"
#include "whosaid.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

/* The names score.py leaves out when comparing speakers. */
static const char *const titles[] = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "herr", "frau",
    "m", "mme", "mlle", "monsieur", "madame", "sr", "sra", "senor", "senora", "don",
    "dona", "president", "senator", "sen", "rep", "gov", "governor", "minister",
    "secretary", "general", "gen", "judge", "rev", "lord", "lady", "chancellor",
    "mayor", "the", NULL};
static const char *const pronouns[] = {"he", "she", "they", "it", "we", "i", "you",
                                       "er", "sie", "il", "elle", "ils", "elles",
                                       "el", "ella", "ellos", NULL};

typedef struct span {
    long start, end;
} span;

typedef struct quote {
    span range, trimmed;
    char *speaker, *mention; /* folded */
    bool has_speaker;        /* the raw speaker is a non-empty string */
    char **mentions;         /* gold: folded speaker_mentions */
    size_t nmentions;
    const char *kind;
    const char *text;        /* for error lists */
    size_t text_length;
} quote;

typedef struct doc {
    char *id;
    char *text;
    size_t length;
    char *lang;
    quote *gold, *pred;
    size_t ngold, npred, pred_capacity;
} doc;

typedef struct corpus {
    doc *docs;
    size_t count, capacity;
} corpus;

static bool in_list(const char *const *list, const char *s, size_t n)
{
    for (; *list; list++)
        if (strlen(*list) == n && !memcmp(*list, s, n))
            return true;
    return false;
}

static bool word_char(UChar32 c)
{
    return u_isalnum(c) || c == '_' || u_charType(c) == U_NON_SPACING_MARK;
}

/* score.py's fold(): NFKD, drop combining marks, lower case, drop 's,
 * keep the \w+ tokens, drop leading titles. */
static char *fold(const char *s)
{
    if (!s || !*s)
        return NULL;
    UErrorCode st = U_ZERO_ERROR;
    int32_t n16 = 0;
    u_strFromUTF8WithSub(NULL, 0, &n16, s, -1, 0xFFFD, NULL, &st);
    st = U_ZERO_ERROR;
    UChar *u = malloc(((size_t)n16 + 1) * sizeof(UChar));
    UChar *nf = malloc(((size_t)n16 * 18 + 1) * sizeof(UChar));
    char *out = malloc((size_t)n16 * 18 * 4 + 1);
    if (!u || !nf || !out) {
        free(u), free(nf), free(out);
        return NULL;
    }
    u_strFromUTF8WithSub(u, n16 + 1, NULL, s, -1, 0xFFFD, NULL, &st);
    const UNormalizer2 *nfkd = unorm2_getNFKDInstance(&st);
    int32_t nn = unorm2_normalize(nfkd, u, n16, nf, n16 * 18 + 1, &st);
    if (U_FAILURE(st))
        nn = 0;
    /* Code points, marks dropped, lower-cased. */
    UChar32 *cp = malloc(((size_t)nn + 1) * sizeof(UChar32));
    size_t ncp = 0;
    for (int32_t i = 0; cp && i < nn;) {
        UChar32 c;
        U16_NEXT(nf, i, nn, c);
        if (u_getCombiningClass(c) != 0)
            continue;
        cp[ncp++] = u_tolower(c);
    }
    size_t o = 0;
    bool leading = true;
    for (size_t i = 0; cp && i < ncp;) {
        if (!word_char(cp[i])) {
            /* 's after a word: dropped (when the s ends the word). */
            if ((cp[i] == '\'' || cp[i] == 0x2019) && i + 1 < ncp && cp[i + 1] == 's' &&
                (i + 2 == ncp || !word_char(cp[i + 2])))
                i += 2;
            else
                i++;
            continue;
        }
        size_t start = o;
        if (o)
            out[o++] = ' ';
        size_t wstart = o;
        while (i < ncp && word_char(cp[i])) {
            UChar buf[2];
            int32_t k = 0;
            U16_APPEND_UNSAFE(buf, k, cp[i]);
            int32_t w = 0;
            UErrorCode e2 = U_ZERO_ERROR;
            u_strToUTF8(out + o, 4, &w, buf, k, &e2);
            o += (size_t)w;
            i++;
        }
        if (leading && in_list(titles, out + wstart, o - wstart))
            o = start; /* a leading title */
        else
            leading = false;
    }
    out[o] = '\0';
    free(u), free(nf), free(cp);
    if (o == 0) {
        free(out);
        return NULL;
    }
    return out;
}

static bool edge(UChar32 c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',' || c == '.' ||
           c == ';' || c == ':' || c == '!' || c == '?' || c == '-' || c == 0xA0 ||
           c == 0x202F || c == 0x2009 || c == 0x2013 || c == 0x2014;
}

/* The range without edge spaces and punctuation (score.py's trim()). */
static span trim(const char *text, size_t length, span r)
{
    if (r.start < 0 || r.end > (long)length || r.start >= r.end)
        return r;
    int32_t s = (int32_t)r.start, e = (int32_t)r.end;
    while (s < e) {
        int32_t p = s;
        UChar32 c;
        U8_NEXT(text, p, e, c);
        if (!edge(c))
            break;
        s = p;
    }
    while (e > s) {
        int32_t p = e;
        UChar32 c;
        U8_PREV(text, s, p, c);
        if (!edge(c))
            break;
        e = p;
    }
    return (span){s, e};
}

static double overlap(span a, span b)
{
    long inter = (a.end < b.end ? a.end : b.end) - (a.start > b.start ? a.start : b.start);
    long uni = (a.end > b.end ? a.end : b.end) - (a.start < b.start ? a.start : b.start);
    return inter > 0 && uni > 0 ? (double)inter / (double)uni : 0.0;
}

static char *str_of(const jv *v)
{
    return v && v->type == JV_STRING ? v->string : NULL;
}

static doc *find_doc(corpus *c, const char *id)
{
    for (size_t i = 0; i < c->count; i++) /* gold sets are small */
        if (!strcmp(c->docs[i].id, id))
            return &c->docs[i];
    return NULL;
}

static int add_pred(doc *d, long start, long end, const char *speaker, const char *mention)
{
    if (d->npred == d->pred_capacity) {
        size_t cap = d->pred_capacity ? d->pred_capacity * 2 : 16;
        quote *p = realloc(d->pred, cap * sizeof(quote));
        if (!p)
            return -1;
        d->pred = p;
        d->pred_capacity = cap;
    }
    quote *q = &d->pred[d->npred++];
    memset(q, 0, sizeof(*q));
    q->range = (span){start, end};
    q->trimmed = trim(d->text, d->length, q->range);
    q->speaker = fold(speaker);
    q->has_speaker = speaker && *speaker;
    q->mention = fold(mention);
    if (start >= 0 && end <= (long)d->length && start < end) {
        q->text = d->text + start;
        q->text_length = (size_t)(end - start);
    }
    return 0;
}

static int read_gold(const char *path, corpus *c)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return -1;
    }
    char *line = NULL;
    size_t cap = 0, number = 0;
    ssize_t n;
    int status = 0;
    while (status == 0 && (n = getline(&line, &cap, f)) >= 0) {
        number++;
        const char *err;
        jv *root = jv_parse(line, (size_t)n, &err);
        if (!root) {
            if (strspn(line, " \t\r\n") == (size_t)n)
                continue;
            fprintf(stderr, "whosaid eval: %s:%zu: %s\n", path, number, err);
            status = -1;
            break;
        }
        const jv *quotes = jv_get(root, "quotes");
        if (!str_of(jv_get(root, "id")) && !(jv_get(root, "id") && jv_get(root, "id")->type == JV_NUMBER)) {
            fprintf(stderr, "whosaid eval: %s:%zu: no id\n", path, number);
            status = -1;
        } else if (!str_of(jv_get(root, "text")) || !quotes || quotes->type != JV_ARRAY) {
            fprintf(stderr, "whosaid eval: %s:%zu: no text or quotes\n", path, number);
            status = -1;
        }
        if (status == 0 && c->count == c->capacity) {
            size_t nc = c->capacity ? c->capacity * 2 : 64;
            doc *docs = realloc(c->docs, nc * sizeof(doc));
            if (!docs)
                status = -1;
            else
                c->docs = docs, c->capacity = nc;
        }
        if (status == 0) {
            doc *d = &c->docs[c->count++];
            memset(d, 0, sizeof(*d));
            d->id = jv_take_string((jv *)jv_get(root, "id"), NULL);
            d->text = jv_take_string((jv *)jv_get(root, "text"), &d->length);
            d->lang = str_of(jv_get(root, "lang")) ? strdup(str_of(jv_get(root, "lang"))) : NULL;
            d->gold = calloc(quotes->count ? quotes->count : 1, sizeof(quote));
            d->ngold = quotes->count;
            for (size_t i = 0; d->gold && i < quotes->count; i++) {
                const jv *q = &quotes->items[i];
                quote *g = &d->gold[i];
                const jv *s = jv_get(q, "start"), *e = jv_get(q, "end");
                g->range = (span){s ? (long)s->number : 0, e ? (long)e->number : 0};
                g->trimmed = trim(d->text, d->length, g->range);
                g->speaker = fold(str_of(jv_get(q, "speaker")));
                g->has_speaker = str_of(jv_get(q, "speaker")) && *str_of(jv_get(q, "speaker"));
                g->kind = str_of(jv_get(q, "kind")) ? strdup(str_of(jv_get(q, "kind"))) : strdup("?");
                const jv *m = jv_get(q, "speaker_mentions");
                if (m && m->type == JV_ARRAY) {
                    g->mentions = calloc(m->count + 1, sizeof(char *));
                    for (size_t k = 0; g->mentions && k < m->count; k++)
                        g->mentions[g->nmentions++] = fold(str_of(&m->items[k]));
                }
                if (g->range.start >= 0 && g->range.end <= (long)d->length &&
                    g->range.start < g->range.end) {
                    g->text = d->text + g->range.start;
                    g->text_length = (size_t)(g->range.end - g->range.start);
                }
            }
        }
        jv_free(root);
    }
    free(line);
    fclose(f);
    return status;
}

static int read_pred(const char *path, corpus *c, size_t *bad)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) >= 0) {
        if (strspn(line, " \t\r\n") == (size_t)n)
            continue;
        const char *err;
        jv *root = jv_parse(line, (size_t)n, &err);
        const jv *id = root ? jv_get(root, "doc") : NULL;
        const jv *s = root ? jv_get(root, "start") : NULL, *e = root ? jv_get(root, "end") : NULL;
        if (!id || !s || !e || s->type != JV_NUMBER || e->type != JV_NUMBER ||
            !(id->type == JV_STRING || id->type == JV_NUMBER)) {
            (*bad)++;
        } else {
            doc *d = find_doc(c, id->string);
            if (d)
                add_pred(d, (long)s->number, (long)e->number,
                         str_of(jv_get(root, "speaker")), str_of(jv_get(root, "mention")));
        }
        jv_free(root);
    }
    free(line);
    fclose(f);
    return 0;
}

/* Runs the extractor on every gold text. */
static int predict(corpus *c, const char *rules, const char *lang)
{
    cli_config config = {0};
    if (packs_load(&config, rules, NULL, lang))
        return -1;
    ws_extractor *ex[MAX_PACKS] = {0};
    int status = 0;
    for (size_t i = 0; i < c->count && status == 0; i++) {
        doc *d = &c->docs[i];
        size_t p = 0;
        bool found = false;
        for (size_t k = 0; d->lang && config.auto_lang && k < config.npacks; k++)
            if (!strcmp(ws_rules_lang(config.packs[k]), d->lang))
                p = k, found = true;
        if (!found && config.auto_lang)
            p = ws_detect_language(config.packs, config.npacks, d->text, d->length);
        if (!ex[p] && !(ex[p] = ws_extractor_new(config.packs[p], 0, NULL))) {
            status = -1;
            break;
        }
        ws_result *r;
        if (ws_extract(ex[p], d->id, d->text, d->length, &r) != WS_OK)
            continue; /* no records, as the CLI writes an error record */
        for (size_t k = 0; k < ws_result_count(r); k++) {
            const ws_quote *q = ws_result_quote(r, k);
            add_pred(d, (long)q->start, (long)q->end, q->speaker, q->mention);
        }
        ws_result_free(r);
    }
    for (size_t k = 0; k < MAX_PACKS; k++)
        ws_extractor_free(ex[k]);
    packs_free(&config);
    return status;
}

static bool speaker_ok(const quote *p, const quote *g, bool strict)
{
    if (!g->speaker)
        return false;
    const char *cand[2] = {p->speaker, strict ? NULL : p->mention};
    for (int k = 0; k < 2; k++) {
        const char *s = cand[k];
        if (!s || in_list(pronouns, s, strlen(s)))
            continue;
        if (!strcmp(s, g->speaker))
            return true;
        for (size_t m = 0; !strict && m < g->nmentions; m++)
            if (g->mentions[m] && !strcmp(s, g->mentions[m]))
                return true;
    }
    return false;
}

typedef struct pair {
    double ov;
    size_t i, j;
} pair;

static int by_overlap(const void *a, const void *b)
{
    const pair *x = a, *y = b;
    if (x->ov != y->ov)
        return x->ov < y->ov ? 1 : -1;
    if (x->i != y->i)
        return x->i < y->i ? 1 : -1;
    return x->j < y->j ? 1 : (x->j > y->j ? -1 : 0);
}

typedef struct kind_count {
    const char *kind;
    size_t gold, matched;
} kind_count;

static void count_kind(kind_count *kinds, size_t *nkinds, const char *kind, bool matched)
{
    size_t i = 0;
    while (i < *nkinds && strcmp(kinds[i].kind, kind))
        i++;
    if (i == *nkinds) {
        if (*nkinds == 16)
            return;
        kinds[(*nkinds)++] = (kind_count){kind, 0, 0};
    }
    if (matched)
        kinds[i].matched++;
    else
        kinds[i].gold++;
}

static void prf(size_t tp, size_t np, size_t ng, double out[3])
{
    out[0] = np ? (double)tp / (double)np : 0;
    out[1] = ng ? (double)tp / (double)ng : 0;
    out[2] = out[0] + out[1] > 0 ? 2 * out[0] * out[1] / (out[0] + out[1]) : 0;
}

static void print_error(const char *what, const doc *d, const quote *q, const char *a,
                        const char *b)
{
    int n = (int)(q->text_length > 70 ? 70 : q->text_length);
    printf("  %s | %s | %.*s | %s | %s\n", what, d->id, n, q->text ? q->text : "",
           a ? a : "None", b ? b : "None");
}

static int cmp_kind(const void *a, const void *b)
{
    return strcmp(((const kind_count *)a)->kind, ((const kind_count *)b)->kind);
}

static void score(corpus *c, size_t bad, long errors, bool json)
{
    size_t n_gold = 0, n_pred = 0, n_match = 0, n_exact = 0, n_gold_spk = 0, n_pred_spk = 0;
    size_t spk_ok = 0, spk_strict = 0, with_spk = 0, e2e = 0, unjudged = 0;
    kind_count kinds[16];
    size_t nkinds = 0;
    for (size_t di = 0; di < c->count; di++) {
        doc *d = &c->docs[di];
        n_gold += d->ngold;
        n_pred += d->npred;
        for (size_t i = 0; i < d->ngold; i++)
            n_gold_spk += d->gold[i].has_speaker;
        for (size_t j = 0; j < d->npred; j++)
            n_pred_spk += d->pred[j].has_speaker;
        size_t np = 0;
        pair *pairs = malloc((d->ngold * d->npred + 1) * sizeof(pair));
        bool *gu = calloc(d->ngold + 1, 1), *pu = calloc(d->npred + 1, 1);
        if (!pairs || !gu || !pu) {
            free(pairs), free(gu), free(pu);
            continue;
        }
        for (size_t i = 0; i < d->ngold; i++)
            for (size_t j = 0; j < d->npred; j++) {
                double ov = overlap(d->gold[i].trimmed, d->pred[j].trimmed);
                if (ov >= 0.5)
                    pairs[np++] = (pair){ov, i, j};
            }
        qsort(pairs, np, sizeof(pair), by_overlap);
        for (size_t k = 0; k < np; k++) {
            size_t i = pairs[k].i, j = pairs[k].j;
            if (gu[i] || pu[j])
                continue;
            gu[i] = pu[j] = true;
            n_match++;
            const quote *g = &d->gold[i], *p = &d->pred[j];
            count_kind(kinds, &nkinds, g->kind, true);
            if (!g->has_speaker && p->has_speaker)
                unjudged++;
            if (g->trimmed.start == p->trimmed.start && g->trimmed.end == p->trimmed.end)
                n_exact++;
            if (g->has_speaker) {
                with_spk++;
                bool ok = speaker_ok(p, g, false);
                spk_ok += ok;
                spk_strict += speaker_ok(p, g, true);
                if (ok && p->has_speaker)
                    e2e++;
                else if (errors-- > 0)
                    print_error("wrong speaker", d, g, g->speaker, p->speaker);
            }
        }
        for (size_t i = 0; i < d->ngold; i++) {
            count_kind(kinds, &nkinds, d->gold[i].kind, false);
            if (!gu[i] && errors-- > 0)
                print_error("missed", d, &d->gold[i], d->gold[i].speaker, NULL);
        }
        for (size_t j = 0; j < d->npred; j++)
            if (!pu[j] && errors-- > 0)
                print_error("spurious", d, &d->pred[j], d->pred[j].speaker, NULL);
        free(pairs), free(gu), free(pu);
    }
    double q[3], e[3], a[3];
    prf(n_match, n_pred, n_gold, q);
    prf(n_exact, n_pred, n_gold, e);
    prf(e2e, n_pred_spk - unjudged, n_gold_spk, a);
    double acc = with_spk ? (double)spk_ok / (double)with_spk : 0;
    double strict = with_spk ? (double)spk_strict / (double)with_spk : 0;
    qsort(kinds, nkinds, sizeof(kind_count), cmp_kind);
    if (json) {
        printf("{\"docs\": %zu, \"gold_quotes\": %zu, \"pred_quotes\": %zu, "
               "\"quote_p\": %.4f, \"quote_r\": %.4f, \"quote_f1\": %.4f, "
               "\"exact_p\": %.4f, \"exact_r\": %.4f, \"exact_f1\": %.4f, "
               "\"speaker_acc\": %.4f, \"speaker_acc_strict\": %.4f, "
               "\"attrib_p\": %.4f, \"attrib_r\": %.4f, \"attrib_f1\": %.4f, "
               "\"recall_by_kind\": {",
               c->count, n_gold, n_pred, q[0], q[1], q[2], e[0], e[1], e[2], acc, strict,
               a[0], a[1], a[2]);
        for (size_t k = 0, first = 1; k < nkinds; k++)
            if (kinds[k].gold) {
                printf("%s\"%s\": %.4f", first ? "" : ", ", kinds[k].kind,
                       (double)kinds[k].matched / (double)kinds[k].gold);
                first = 0;
            }
        printf("}, \"bad_pred_lines\": %zu}\n", bad);
        return;
    }
    printf("%22s: %zu\n%22s: %zu\n%22s: %zu\n", "docs", c->count, "gold_quotes", n_gold,
           "pred_quotes", n_pred);
    const char *names[] = {"quote_p", "quote_r", "quote_f1", "exact_p", "exact_r", "exact_f1"};
    for (int k = 0; k < 3; k++)
        printf("%22s: %.4f\n", names[k], q[k]);
    for (int k = 0; k < 3; k++)
        printf("%22s: %.4f\n", names[3 + k], e[k]);
    printf("%22s: %.4f\n%22s: %.4f\n", "speaker_acc", acc, "speaker_acc_strict", strict);
    printf("%22s: %.4f\n%22s: %.4f\n%22s: %.4f\n", "attrib_p", a[0], "attrib_r", a[1],
           "attrib_f1", a[2]);
    for (size_t k = 0; k < nkinds; k++)
        if (kinds[k].gold)
            printf("%22s: %.4f\n", kinds[k].kind,
                   (double)kinds[k].matched / (double)kinds[k].gold);
    printf("%22s: %zu\n", "bad_pred_lines", bad);
}

static void free_quote(quote *q)
{
    free(q->speaker);
    free(q->mention);
    for (size_t m = 0; m < q->nmentions; m++)
        free(q->mentions[m]);
    free(q->mentions);
}

static void free_corpus(corpus *c)
{
    for (size_t i = 0; i < c->count; i++) {
        doc *d = &c->docs[i];
        for (size_t k = 0; k < d->ngold; k++) {
            free_quote(&d->gold[k]);
            free((char *)d->gold[k].kind);
        }
        for (size_t k = 0; k < d->npred; k++)
            free_quote(&d->pred[k]);
        free(d->gold), free(d->pred), free(d->id), free(d->text), free(d->lang);
    }
    free(c->docs);
}

int eval_main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"errors", required_argument, NULL, 'e'},
        {"json", no_argument, NULL, 'J'},
        {"lang", required_argument, NULL, 'l'},
        {"rules", required_argument, NULL, 'r'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    long errors = 0;
    bool json = false;
    const char *lang = "auto", *rules = NULL;
    int opt;
    while ((opt = getopt_long(argc, argv, "e:l:r:h", longopts, NULL)) != -1) {
        switch (opt) {
        case 'e': errors = strtol(optarg, NULL, 10); break;
        case 'J': json = true; break;
        case 'l': lang = optarg; break;
        case 'r': rules = optarg; break;
        case 'h':
            puts("usage: whosaid eval GOLD.jsonl [PRED.jsonl] [--errors N] [--json] "
                 "[--lang L] [--rules DIR]\nWithout PRED, whosaid extracts from GOLD's "
                 "texts itself.");
            return 0;
        default: return 2;
        }
    }
    if (optind >= argc || argc - optind > 2) {
        fputs("usage: whosaid eval GOLD.jsonl [PRED.jsonl] [--errors N] [--json]\n", stderr);
        return 2;
    }
    corpus c = {0};
    size_t bad = 0;
    int status = read_gold(argv[optind], &c);
    if (status == 0)
        status = optind + 1 < argc ? read_pred(argv[optind + 1], &c, &bad)
                                   : predict(&c, rules, lang);
    if (status == 0)
        score(&c, bad, errors, json);
    free_corpus(&c);
    return status == 0 ? 0 : 4;
}

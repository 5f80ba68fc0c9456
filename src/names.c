/* Names: the capitalised name runs of a document ("Mike Pompeo",
 * "Wang Webin"), the normalisation of a matched mention ("Mr Wenbin"), and
 * the choice of a mention's canonical form: the fullest run of the
 * document that holds the mention's surname. */
#include "internal.h"

#include <string.h>
#include <strings.h>

static bool ascii_alnum(unsigned char b)
{
    return (unsigned)((b | 0x20) - 'a') < 26 || (unsigned)(b - '0') < 10;
}

/* A token: letters, digits, marks, inner hyphens and apostrophes; a single
 * capital or a listed title may keep a following period ("J.", "Sen."). */
static size_t token_end(const char *t, size_t len, size_t pos)
{
    size_t p = pos;
    while (p < len) {
        if (ascii_alnum((unsigned char)t[p])) {
            p++; /* the common case, without decoding */
            continue;
        }
        size_t q = p;
        uint32_t c = ws_utf8_next(t, len, &q);
        if (ws_is_letter(c) || ws_is_digit(c) || (c >= 0x300 && c <= 0x36F)) {
            p = q;
            continue;
        }
        if ((c == '-' || c == '\'' || c == 0x2019) && p > pos && q < len) {
            size_t r = q;
            if (ws_is_letter(ws_utf8_next(t, len, &r))) {
                p = q;
                continue;
            }
        }
        break;
    }
    return p;
}

static bool capitalised(const char *t, size_t len, size_t pos)
{
    size_t p = pos;
    return pos < len && ws_is_upper(ws_utf8_next(t, len, &p));
}

/* Does the word at `start` open its sentence (or paragraph)? */
static bool opens_sentence(const char *t, size_t start)
{
    size_t p = start;
    while (p > 0 && t[p - 1] == ' ')
        p--;
    return p == 0 || strchr(".!?\n", t[p - 1]);
}

/* The token without a possessive 's / ’s. */
static size_t strip_possessive(const char *t, size_t start, size_t end)
{
    if (end - start > 2 && t[end - 1] == 's' && t[end - 2] == '\'')
        return end - 2;
    if (end - start > 4 && t[end - 1] == 's' && !memcmp(t + end - 4, "\xE2\x80\x99", 3))
        return end - 4;
    return end;
}

static const ws_word *title_at(const ws_rules *rules, const char *t,
                               size_t start, size_t end)
{
    return ws_words_find(&rules->titles, t + start, end - start);
}

/* Outside a name run only a capitalised token matters: skips ASCII
 * punctuation and whole lower-case tokens, most of a text, and returns
 * where a token that may be capitalised starts (len at the end). */
static size_t skip_to_capital(const char *t, size_t len, size_t p)
{
    while (p < len) {
        unsigned char b = (unsigned char)t[p];
        if ((b >= 'A' && b <= 'Z') || b >= 0x80)
            return p;
        if (!ascii_alnum(b)) {
            p++;
            continue;
        }
        size_t q = p + 1;
        while (q < len && ascii_alnum((unsigned char)t[q]))
            q++;
        /* "well-known", "don't", a non-ASCII letter: the full rule. */
        if (q < len && (t[q] == '-' || t[q] == '\'' || (unsigned char)t[q] >= 0x80))
            q = token_end(t, len, p);
        p = q;
    }
    return len;
}

int ws_names_collect(const ws_document *doc, const ws_rules *rules,
                     ws_name_list *out)
{
    const char *t = doc->text;
    size_t len = doc->length;
    ws_name_run run = {0};
    bool in_run = false;
    out->count = 0;

    for (size_t p = 0; p < len;) {
        if (!in_run && (p = skip_to_capital(t, len, p)) == len)
            break;
        size_t e = token_end(t, len, p);
        if (e == p) {
            /* Not a token: a run survives one space between tokens. */
            unsigned char c = (unsigned char)t[p];
            bool joins = c == ' ' && in_run && run.end == p;
            if (!joins && in_run) {
                if (run.tokens > 0 && WS_VEC_PUSH(*out, run))
                    return WS_ERR_NOMEM;
                in_run = false;
            }
            size_t q = p;
            ws_utf8_next(t, len, &q);
            p = q;
            continue;
        }
        bool cap = capitalised(t, len, p);
        const ws_word *title = cap ? title_at(rules, t, p, e) : NULL;
        size_t after = e;
        if (after < len && t[after] == '.' && (title || (cap && e - p == 1)))
            after++; /* "Sen." "J." */
        bool particle = !cap && in_run && ws_words_find(&rules->particles, t + p, e - p);
        /* "A." is an initial ("Elizabeth A. Warren"), not the article. */
        bool stop = cap && !(e - p == 1 && after > e) &&
                    ws_words_find(&rules->stopwords, t + p, e - p);

        if (cap && !stop && !title) {
            /* Initials written together are one token ("G.K. Butterfield",
             * "U.S."), not a run that ends and one that starts at "K.". */
            bool joined = in_run && run.tokens > 0 && run.end == p && t[p - 1] == '.' &&
                          e - p == 1 && after > e;
            if (!joined && (!in_run || run.end != p - 1)) {
                run = (ws_name_run){p, p, p, 0, WS_GENDER_UNKNOWN};
                in_run = true;
            }
            if (run.tokens == 0)
                run.start = p;
            run.end = strip_possessive(t, p, after);
            run.tokens += !joined;
            if (run.end != after) { /* a possessive ends the name */
                if (WS_VEC_PUSH(*out, run))
                    return WS_ERR_NOMEM;
                in_run = false;
            }
        } else if (title) {
            if (in_run && run.tokens > 0 && WS_VEC_PUSH(*out, run))
                return WS_ERR_NOMEM;
            run = (ws_name_run){after, after, p, 0, title->gender};
            run.end = after;
            in_run = true;
        } else if (particle && run.tokens > 0) {
            /* "de", "van": kept only if a capitalised token follows.  A
             * particle of two words is a line of particles.txt ("von der
             * Leyen"), though not after a word that only opens its
             * sentence ("Fuentes de la Confederación recordaron"), nor
             * where every noun is capitalised ("Abschied von der Macht"). */
            size_t next = after + 1;
            size_t two = next < len && t[after] == ' ' ? token_end(t, len, next) : next;
            if (!rules->capitalised_nouns && two > next && two + 1 < len && t[two] == ' ' &&
                !capitalised(t, len, next) &&
                ws_words_find(&rules->particles, t + p, two - p) &&
                !(run.tokens == 1 && opens_sentence(t, run.start))) {
                after = two;
                next = two + 1;
            }
            if (next < len && t[after] == ' ' && capitalised(t, len, next))
                run.end = after;
            else {
                if (WS_VEC_PUSH(*out, run))
                    return WS_ERR_NOMEM;
                in_run = false;
            }
        } else if (in_run) {
            if (run.tokens > 0 && WS_VEC_PUSH(*out, run))
                return WS_ERR_NOMEM;
            in_run = false;
        }
        p = after;
    }
    if (in_run && run.tokens > 0 && WS_VEC_PUSH(*out, run))
        return WS_ERR_NOMEM;
    return WS_OK;
}

/* The last token of [start,end). */
static void last_token(const char *t, size_t start, size_t end, size_t *ts)
{
    size_t p = end;
    while (p > start && t[p - 1] != ' ')
        p--;
    *ts = p;
}

/* Levenshtein distance capped at 2, for near-miss spellings. */
static int near(const char *a, size_t na, const char *b, size_t nb)
{
    if (na > nb + 1 || nb > na + 1 || na > 40 || nb > 40)
        return 2;
    int row[41], prev[41];
    for (size_t j = 0; j <= nb; j++)
        prev[j] = (int)j;
    for (size_t i = 1; i <= na; i++) {
        row[0] = (int)i;
        for (size_t j = 1; j <= nb; j++) {
            int sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            int del = prev[j] + 1, ins = row[j - 1] + 1;
            row[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
        memcpy(prev, row, sizeof(int) * (nb + 1));
    }
    return prev[nb] > 2 ? 2 : prev[nb];
}

#define MAX_RUN_TOKENS 8
#define CANONICAL_RUNS 512
/* The longest title line. */
#define HEADLINE_MAX 300

static bool same_token(const char *a, size_t na, const char *b, size_t nb, bool fuzzy)
{
    if (na > 1 && a[na - 1] == '.')
        na--;
    if (nb > 1 && b[nb - 1] == '.')
        nb--;
    if (na == nb && !memcmp(a, b, na))
        return true;
    return fuzzy && na >= 5 && nb >= 5 && near(a, na, b, nb) <= 1;
}

/* "J." or run-together initials: "G.K.", "J.R.R." */
bool ws_initials(const char *t, size_t start, size_t end)
{
    size_t n = end - start;
    if (n < 2 || n > 6 || n % 2)
        return false;
    for (size_t i = start; i < end; i += 2)
        if (t[i] < 'A' || t[i] > 'Z' || t[i + 1] != '.')
            return false;
    return true;
}

/* The person-sized name inside run `r` around the surname `sur`: the
 * surname, the token before it (and an initial or particle before that),
 * or, for surname-first names ("Mr Wang" in "Wang Wenbin"), the token
 * after it.  Returns the number of tokens, 0 when `sur` is not in it. */
static unsigned name_in_run(const ws_document *doc, const ws_rules *rules,
                            const ws_name_run *r, const char *sur, size_t ns,
                            bool fuzzy, bool surname_first, ws_span *out)
{
    const char *t = doc->text;
    ws_span tok[MAX_RUN_TOKENS];
    unsigned n = 0;
    for (size_t p = r->start; p < r->end && n < MAX_RUN_TOKENS;) {
        size_t e = p;
        while (e < r->end && t[e] != ' ')
            e++;
        tok[n++] = (ws_span){p, e};
        p = e + 1;
    }
    for (unsigned k = n; k-- > 0;) {
        if (!same_token(t + tok[k].start, tok[k].end - tok[k].start, sur, ns, fuzzy))
            continue;
        if (k == 0 && n > 1 && !surname_first)
            continue;
        unsigned first = k;
        if (first > 0)
            first--;
        while (first > 0 && (ws_initials(t, tok[first].start, tok[first].end) ||
                             ws_words_find(&rules->particles, t + tok[first].start,
                                           tok[first].end - tok[first].start)))
            first--;
        /* ...and a leading initial: "J. Ann Selzer". */
        if (first > 0 && first < k && ws_initials(t, tok[first - 1].start, tok[first - 1].end))
            first--;
        if (first == k && k + 1 < n) { /* surname first */
            unsigned last = k + 1;
            /* ...through a particle: "Alwaleed Bin Talal", "Mohammed bin Salman". */
            if (last + 1 < n && ws_words_find_nocase(&rules->particles, t + tok[last].start,
                                                     tok[last].end - tok[last].start))
                last++;
            *out = (ws_span){tok[k].start, tok[last].end};
            return last - k + 1;
        }
        /* ...and its generational suffix: "Harold T. Wilkes Jr". */
        size_t end = tok[k].end;
        if (k + 1 < n && ws_name_suffix(rules, t, tok[k + 1].start, tok[k + 1].end))
            end = tok[k + 1].end;
        *out = (ws_span){tok[first].start, end};
        return k - first + 1;
    }
    return 0;
}

/* Bounded, so a document of endless different names stays linear. */
#define MEMO_SURNAMES 64

static bool canonical_uncached(const ws_document *doc, const ws_rules *rules,
                               const ws_name_list *names, size_t start, size_t ls,
                               size_t end, ws_span *out, ws_gender *gender);

bool ws_name_suffix(const ws_rules *rules, const char *t, size_t s, size_t e)
{
    if (e > s && t[e - 1] == '.')
        e--;
    return e > s && ws_words_find(&rules->suffixes, t + s, e - s);
}

bool ws_names_canonical(const ws_document *doc, const ws_rules *rules,
                        const ws_name_list *names, ws_name_memo_list *memo,
                        size_t start, size_t end, ws_span *out, ws_gender *gender)
{
    const char *t = doc->text;
    size_t ls;
    last_token(t, start, end, &ls);
    if (end == ls)
        return false;
    if (ls > start && ws_name_suffix(rules, t, ls, end)) {
        /* Not a surname: every "Jr." would be one person.  The name is
         * found by the word before it, and must carry the suffix there
         * too: "John F. Kennedy" is not "John Kennedy Jr.". */
        size_t e = ls;
        while (e > start && (t[e - 1] == ' ' || t[e - 1] == ','))
            e--;
        size_t before;
        last_token(t, start, e, &before);
        /* One suffix: the look-up below then takes the surname branch,
         * so a run of "Jr Jr Jr ..." costs no deep recursion. */
        if (e == before || ws_name_suffix(rules, t, before, e) ||
            !ws_names_canonical(doc, rules, names, memo, start, e, out, gender))
            return false;
        last_token(t, out->start, out->end, &ls);
        return ws_name_suffix(rules, t, ls, out->end);
    }
    /* With every run in reach, the answer depends on the surname alone. */
    bool cacheable = names->count <= CANONICAL_RUNS;
    size_t n = end - ls;
    for (size_t i = 0; cacheable && i < memo->count; i++) {
        const ws_name_memo *m = &memo->items[i];
        if (m->length == n && !memcmp(t + m->surname, t + ls, n)) {
            *out = m->full;
            *gender = m->gender;
            return m->found;
        }
    }
    bool found = canonical_uncached(doc, rules, names, start, ls, end, out, gender);
    if (cacheable && memo->count < MEMO_SURNAMES) {
        ws_name_memo m = {ls, n, found, found ? *out : (ws_span){0, 0},
                          found ? *gender : WS_GENDER_UNKNOWN};
        (void)WS_VEC_PUSH(*memo, m); /* out of memory: just not remembered */
    }
    return found;
}

static bool canonical_uncached(const ws_document *doc, const ws_rules *rules,
                               const ws_name_list *names, size_t start, size_t ls,
                               size_t end, ws_span *out, ws_gender *gender)
{
    const char *t = doc->text;
    /* Surname last first ("Mike Pompeo"), then surname first ("Wang
     * Wenbin" for "Mr Wang"), then near misses of both. */
    /* The fullest form is looked for among the document's first runs and
     * the runs just before the mention: a bound that keeps a document of
     * 10^5 quotes linear, and where a name is introduced in news. */
    size_t head = names->count < CANONICAL_RUNS ? names->count : CANONICAL_RUNS;
    size_t near_end = 0;
    while (near_end < names->count && names->items[near_end].start < start)
        near_end = near_end ? near_end * 2 : 1;
    size_t lo = 0, hi = near_end < names->count ? near_end : names->count;
    while (lo < hi) { /* first run at or after the mention */
        size_t mid = lo + (hi - lo) / 2;
        if (names->items[mid].start < start)
            lo = mid + 1;
        else
            hi = mid;
    }
    near_end = lo;
    size_t near_start = near_end > CANONICAL_RUNS ? near_end - CANONICAL_RUNS : 0;
    if (near_start < head)
        near_start = head;
    /* A title line may capitalise the words around a name ("Understated
     * Perez raises ...", "Obama Says ..."): a form of the same length in the
     * body is the name, and no word after it is a given name. */
    size_t headline_end = 0;
    if (doc->paragraphs.count > 1) {
        ws_span p = doc->paragraphs.items[0];
        if (p.end - p.start <= HEADLINE_MAX && !memchr(t + p.start, '\n', p.end - p.start))
            headline_end = p.end;
    }
    for (int pass = 0; pass < 4; pass++) {
        bool fuzzy = pass >= 2, surname_first = pass % 2;
        unsigned best = 0;
        bool best_in_headline = false;
        for (size_t i = 0; i < near_end || i < head; i++) {
            if (i == head && near_start > head)
                i = near_start;
            if (i >= names->count)
                break;
            const ws_name_run *r = &names->items[i];
            if (r->tokens < 2 && best > 0)
                continue; /* cannot beat what was found */
            if (surname_first && r->start < headline_end)
                continue; /* "Obama Says ..." in a title-case title */
            if (!fuzzy && !memmem(t + r->start, r->end - r->start, t + ls, end - ls))
                continue; /* the surname is not in this run at all */
            ws_span span;
            unsigned n = name_in_run(doc, rules, r, t + ls, end - ls,
                                     fuzzy, surname_first, &span);
            bool in_headline = r->start < headline_end;
            if (n > best || (n == best && best_in_headline && !in_headline)) {
                best = n;
                best_in_headline = in_headline;
                *out = span;
                *gender = names->items[i].gender;
            }
        }
        /* Only a near miss can widen a name no run holds exactly
         * ("Mr Wenbin" and "Wang Webin"). */
        if (best >= 2)
            return true;
    }
    return false;
}

bool ws_names_for_label(const ws_document *doc, const ws_name_list *names, size_t start,
                        size_t end, ws_span *out)
{
    const char *t = doc->text;
    size_t ls;
    last_token(t, start, end, &ls);
    while (ls < end && t[ls] == '.') /* "MR.O'NEILL" */
        ls++;
    size_t n = end - ls;
    unsigned best = 1; /* a one-word run says no more than the label */
    size_t count = names->count < CANONICAL_RUNS ? names->count : CANONICAL_RUNS;
    for (size_t i = 0; i < count && n > 0; i++) {
        const ws_name_run *r = &names->items[i];
        if (r->tokens <= best || r->end - r->start <= n)
            continue;
        size_t rs = r->end - n;
        if (t[rs - 1] == ' ' && !strncasecmp(t + rs, t + ls, n)) {
            best = r->tokens;
            *out = (ws_span){r->start, r->end};
        }
    }
    return best > 1;
}

ws_gender ws_mention_normalise(const ws_document *doc, const ws_rules *rules,
                               size_t *start, size_t *end, size_t floor)
{
    const char *t = doc->text;
    size_t s = *start, e = *end;
    while (e > s && (t[e - 1] == ' ' || t[e - 1] == ',' || t[e - 1] == '\n'))
        e--;
    e = strip_possessive(t, s, e);
    /* Extend left over capitalised words the match started inside of. */
    while (s >= floor + 2 && t[s - 1] == ' ') {
        size_t ts = s - 1;
        while (ts > floor && t[ts - 1] != ' ' && t[ts - 1] != '\n')
            ts--;
        size_t te = s - 1;
        if (te > ts && t[te - 1] == '.')
            te--;
        if (te == ts || token_end(t, doc->length, ts) != te ||
            !capitalised(t, doc->length, ts) ||
            (!ws_initials(t, ts, s - 1) && /* "A." in "Jock A. Finlayson" */
             ws_words_find(&rules->stopwords, t + ts, te - ts)))
            break;
        s = ts;
    }
    *start = s;
    *end = e;
    /* A leading title gives the gender. */
    size_t te = token_end(t, e, s);
    const ws_word *title = te > s ? title_at(rules, t, s, te) : NULL;
    return title ? title->gender : WS_GENDER_UNKNOWN;
}

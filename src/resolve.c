/* From a mention a rule matched to the canonical speaker: names widened to
 * their fullest form in the document, pronouns resolved to a recent person
 * of a compatible gender (learnt from titles and earlier pronouns), roles
 * kept as written. */
#include "attribution.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static struct learnt *gender_slot(struct learnt *table, size_t capacity, size_t start)
{
    size_t i = (start * 0x9E3779B97F4A7C15ULL) & (capacity - 1);
    while (table[i].start != WS_NONE && table[i].start != start)
        i = (i + 1) & (capacity - 1);
    return &table[i];
}

static ws_gender learnt_gender(context *cx, size_t speaker_start)
{
    if (!cx->gender_capacity)
        return WS_GENDER_UNKNOWN;
    struct learnt *l = gender_slot(cx->genders, cx->gender_capacity, speaker_start);
    return l->start == speaker_start ? l->gender : WS_GENDER_UNKNOWN;
}

static void learn_gender(context *cx, size_t speaker_start, ws_gender g)
{
    if (g == WS_GENDER_UNKNOWN || learnt_gender(cx, speaker_start) != WS_GENDER_UNKNOWN)
        return;
    if ((cx->gender_count + 1) * 2 > cx->gender_capacity) {
        size_t cap = cx->gender_capacity ? cx->gender_capacity * 2 : 64;
        struct learnt *table = malloc(cap * sizeof(*table));
        if (!table)
            return; /* a lost hint is not an error */
        for (size_t i = 0; i < cap; i++)
            table[i].start = WS_NONE;
        for (size_t i = 0; i < cx->gender_capacity; i++)
            if (cx->genders[i].start != WS_NONE)
                *gender_slot(table, cap, cx->genders[i].start) = cx->genders[i];
        free(cx->genders);
        cx->genders = table;
        cx->gender_capacity = cap;
    }
    *gender_slot(cx->genders, cx->gender_capacity, speaker_start) = (struct learnt){speaker_start, g};
    cx->gender_count++;
}

/* Index of the first name run that starts at or after `pos`. */
size_t ws_runs_from(const ws_name_list *names, size_t pos)
{
    size_t lo = 0, hi = names->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (names->items[mid].start < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static bool compatible(ws_gender a, ws_gender b)
{
    return a == WS_GENDER_UNKNOWN || b == WS_GENDER_UNKNOWN || a == b;
}

/* Does the fuller form `full` keep the given name the mention has before
 * its surname?  "Jeb Bush" is not "George W. Bush", nor "Eric Trump"
 * "Donald Trump", though the surname is theirs. */
static bool keeps_given_name(context *cx, size_t start, size_t end, ws_span full)
{
    const char *t = cx->doc->text;
    size_t ls = end;
    while (ls > start && t[ls - 1] != ' ')
        ls--;
    if (ls <= start + 1)
        return true;
    size_t ge = ls - 1, gs = ge;
    while (gs > start && t[gs - 1] != ' ')
        gs--;
    size_t p = gs;
    /* A particle capitalised at a sentence start is no given name either
     * ("De Vries replied" for Pieter de Vries). */
    if (ge - gs < 2 || t[ge - 1] == '.' || !ws_is_upper(ws_utf8_next(t, ge, &p)) ||
        ws_words_find(&cx->ex->rules->titles, t + gs, ge - gs) ||
        ws_words_find_nocase(&cx->ex->rules->particles, t + gs, ge - gs))
        return true;
    /* A headline's verb is no given name ("Said Ellis"). */
    char word[32];
    if (ge - gs < sizeof(word)) {
        for (size_t i = gs; i < ge; i++)
            word[i - gs] = (char)(t[i] >= 'A' && t[i] <= 'Z' ? t[i] | 0x20 : t[i]);
        if (ws_match_pattern(cx->ex, cx->ex->rules->rules.count, word, ge - gs) >= 0)
            return true;
    }
    for (size_t k = full.start; k + (ge - gs) <= full.end; k++)
        if ((k == full.start || t[k - 1] == ' ') && !memcmp(t + k, t + gs, ge - gs) &&
            (k + (ge - gs) == full.end || t[k + (ge - gs)] == ' '))
            return true;
    return false;
}

/* The word of roles.txt that ends t[s,e), as written or with a small
 * initial ("spokeswoman", "the ministry", "Whitlock's office", "Services
 * Committee"), or NULL. */
static const ws_word *last_role(const ws_rules *rules, const char *t, size_t s, size_t e)
{
    size_t w = e;
    while (w > s && t[w - 1] != ' ')
        w--;
    const ws_word *role = ws_words_find(&rules->roles, t + w, e - w);
    char word[32];
    if (role || w == e || e - w >= sizeof(word) || t[w] < 'A' || t[w] > 'Z')
        return role;
    memcpy(word, t + w, e - w);
    word[0] = (char)(word[0] | 0x20);
    return ws_words_find(&rules->roles, word, e - w);
}

/* Is name t[s,e) a body's, of several words ending in a noun roles.txt
 * tags @neuter ("Senate Armed Services Committee")? */
static bool body_name(const ws_rules *rules, const char *t, size_t s, size_t e)
{
    const ws_word *role = last_role(rules, t, s, e);
    return role && role->gender == WS_GENDER_NEUTER && memchr(t + s, ' ', e - s);
}

/* Sets the canonical speaker of a name mention. */
void ws_canonical_name(context *cx, ws_attribution *a, size_t name_start,
                           size_t name_end)
{
    ws_span full;
    ws_gender gender;
    /* A body's name is whole: "Senate Armed Services Committee", not
     * "Services Committee" as for a person's two names. */
    if (!body_name(cx->ex->rules, cx->doc->text, name_start, name_end) &&
        ws_names_canonical(cx->doc, cx->ex->rules, &cx->ex->names, &cx->ex->name_memo,
                           name_start, name_end, &full, &gender) &&
        keeps_given_name(cx, name_start, name_end, full)) {
        a->speaker_start = full.start;
        a->speaker_end = full.end;
        bool same = full.end - full.start == name_end - name_start &&
                    !memcmp(cx->doc->text + full.start, cx->doc->text + name_start,
                            full.end - full.start);
        a->resolution = same ? "name as written"
                             : "name widened to its fullest form in the document";
        learn_gender(cx, full.start, gender);
    } else {
        a->speaker_start = name_start;
        a->speaker_end = name_end;
        a->resolution = "name as written";
    }
}

/* Is name run r a possessive, the object of a preposition or after an
 * article ("Machado's courage", "went after Trump", "the Labor
 * Department")?  Such a name is seldom what a subject pronoun later in
 * its sentence points back to. */
bool ws_not_a_subject(const ws_document *doc, const ws_rules *rules, size_t floor,
                      const ws_name_run *r)
{
    const char *t = doc->text;
    size_t left = doc->length - r->end;
    if ((left >= 2 && !memcmp(t + r->end, "'s", 2)) ||
        (left >= 4 && !memcmp(t + r->end, "\xE2\x80\x99s", 4)))
        return true;
    size_t e = r->title_start;
    if (e <= floor || t[e - 1] != ' ')
        return false;
    size_t w = --e;
    while (w > floor && (t[w - 1] | 0x20) >= 'a' && (t[w - 1] | 0x20) <= 'z')
        w--;
    char word[16];
    if (e - w >= sizeof(word))
        return false;
    for (size_t i = w; i < e; i++)
        word[i - w] = (char)(t[i] | 0x20); /* "In North Carolina" */
    return ws_words_find(&rules->objects, word, e - w) != NULL;
}

typedef bool run_test(context *cx, const ws_name_run *r, ws_gender g);

/* A lone surname the document has already widened to a full name ("Perez"
 * for "Thomas Perez"), of a gender compatible with g: a person, where a
 * lone capitalised word may be a place or an acronym.  Only the names
 * already looked up, so a run of places costs no look-up of its own. */
static bool known_surname(context *cx, const ws_name_run *r, ws_gender g)
{
    const ws_name_memo_list *memo = &cx->ex->name_memo;
    size_t n = r->end - r->start;
    for (size_t i = 0; r->tokens == 1 && i < memo->count; i++) {
        const ws_name_memo *m = &memo->items[i];
        if (m->found && m->length == n && !memcmp(cx->doc->text + m->surname,
                                                  cx->doc->text + r->start, n))
            return compatible(g, m->gender) && compatible(g, learnt_gender(cx, m->full.start));
    }
    return false;
}

/* Of the pronoun's gender by title, or named in full and not known to be
 * of the other. */
static bool of_gender(context *cx, const ws_name_run *r, ws_gender g)
{
    return r->gender == g || (r->tokens >= 2 && compatible(g, r->gender) &&
                              compatible(g, learnt_gender(cx, r->start)));
}

/* Titled, named in full or a surname already widened to a full name, and
 * not known to be of the other gender. */
static bool a_person(context *cx, const ws_name_run *r, ws_gender g)
{
    return ((r->title_start != r->start || r->tokens >= 2) && compatible(g, r->gender)) ||
           known_surname(cx, r, g);
}

/* The nearest name run before quote q, back to `floor`, that is no object
 * or possessor and that `fits` (bounded, so a long document stays linear). */
static const ws_name_run *nearest_subject(context *cx, const ws_found_quote *q, size_t floor,
                                          ws_gender g, run_test *fits)
{
    const ws_name_list *names = &cx->ex->names;
    size_t top = ws_runs_from(names, q->open);
    for (size_t i = top; i-- > 0 && top - i <= PRONOUN_RUNS;) {
        const ws_name_run *r = &names->items[i];
        if (r->title_start < floor)
            break;
        if (!ws_not_a_subject(cx->doc, cx->ex->rules, floor, r) && fits(cx, r, g))
            return r;
    }
    return NULL;
}

/* "Ms MacRury has no plans to move. "Q," she insists": a person named in
 * the quote's paragraph with a title of the pronoun's gender, after the
 * last speaker's quote, is a nearer antecedent than that speaker. */
static bool titled_in_paragraph(context *cx, size_t qi, ws_gender g,
                                const ws_attribution *last, ws_attribution *a)
{
    if (g != WS_GENDER_MALE && g != WS_GENDER_FEMALE)
        return false;
    const ws_found_quote *q = &cx->quotes->items[qi];
    size_t floor = cx->doc->paragraphs.items[q->paragraph].start;
    if (last && cx->quotes->items[last - cx->out].close_end > floor)
        floor = cx->quotes->items[last - cx->out].close_end;
    const ws_name_run *r = nearest_subject(cx, q, floor, g, of_gender);
    if (!r)
        return false;
    ws_canonical_name(cx, a, r->start, r->end);
    a->resolution = "pronoun resolved to the person of its gender named before it";
    return true;
}

/* Does the document name run r more fully elsewhere ("Trump" ->
 * "Donald Trump")?  Then r is a person's surname. */
static bool has_fuller_form(context *cx, const ws_name_run *r)
{
    ws_span full;
    ws_gender gender;
    return ws_names_canonical(cx->doc, cx->ex->rules, &cx->ex->names, &cx->ex->name_memo,
                              r->start, r->end, &full, &gender);
}

/* he/she/they/it: the last speaker of the same or the previous paragraph
 * if compatible, else the nearest titled or full name before the quote in
 * the paragraph, else an earlier speaker a few paragraphs back. */
static bool resolve_pronoun(context *cx, size_t qi, ws_gender g, ws_attribution *a)
{
    const ws_found_quote *q = &cx->quotes->items[qi];
    /* "Lynch said she recalled ...": a name earlier in the same sentence.
     * The first full or titled name, as the subject is the likeliest
     * antecedent ("Stacy Baker of Columbia, South Carolina says she thinks
     * ..."); else the first surname the document names in full, as a
     * lone capitalised word may be a sentence opener or an acronym
     * ("DuVernay said she felt the 13th Amendment ...").  Not any
     * capitalised word: a sentence opener ("Sure, ...") or an acronym is
     * no one. */
    if (g != WS_GENDER_NEUTER && g != WS_GENDER_PLURAL) {
        size_t sentence = cx->doc->sentences.items[ws_document_sentence_of(cx->doc, a->mention_start)];
        const ws_name_list *names = &cx->ex->names;
        size_t top = ws_runs_from(names, a->mention_start);
        const ws_name_run *first = NULL, *known = NULL;
        for (size_t i = top; i-- > 0 && top - i <= PRONOUN_RUNS;) {
            const ws_name_run *r = &names->items[i];
            if (r->start >= q->open && r->start < q->close_end)
                continue; /* not the quote's own words */
            if (r->title_start < sentence)
                break;
            if (!compatible(g, r->gender) || !compatible(g, learnt_gender(cx, r->start)))
                continue;
            if (ws_not_a_subject(cx->doc, cx->ex->rules, sentence, r))
                continue;
            if (r->title_start != r->start || r->tokens >= 2)
                first = r;
            else if (has_fuller_form(cx, r))
                known = r;
        }
        if (!first)
            first = known;
        if (first) {
            ws_canonical_name(cx, a, first->start, first->end);
            a->resolution = "pronoun resolved to the name earlier in its sentence";
            return true;
        }
    }
    const ws_attribution *last = NULL;
    for (size_t k = cx->attributed.count; k-- > 0 && cx->attributed.count - k <= PRONOUN_QUOTES;) {
        size_t j = cx->attributed.items[k];
        const ws_attribution *b = &cx->out[j];
        if (cx->quotes->items[j].paragraph + PRONOUN_PARAGRAPHS < q->paragraph)
            break;
        ws_gender bg = learnt_gender(cx, b->speaker_start);
        /* A role's gender, so "she" skips "Whitlock's office" (an "it" or
         * a "they"). */
        const ws_word *role = bg == WS_GENDER_UNKNOWN
                                  ? last_role(cx->ex->rules, cx->doc->text, b->speaker_start,
                                              b->speaker_end)
                                  : NULL;
        if (role)
            bg = role->gender == WS_GENDER_NEUTER && g == WS_GENDER_PLURAL ? g : role->gender;
        if (compatible(g, bg) &&
            ((g != WS_GENDER_NEUTER && g != WS_GENDER_PLURAL) ||
             bg == WS_GENDER_UNKNOWN || bg == g)) {
            last = b;
            break;
        }
    }
    if (titled_in_paragraph(cx, qi, g, last, a))
        return true;
    if (last && cx->quotes->items[last - cx->out].paragraph + 1 >= q->paragraph) {
        a->speaker_start = last->speaker_start;
        a->speaker_end = last->speaker_end;
        a->resolution = "pronoun resolved to the last speaker";
        return true;
    }
    if (g == WS_GENDER_MALE || g == WS_GENDER_FEMALE || g == WS_GENDER_UNKNOWN) {
        size_t first_para = q->paragraph > PRONOUN_PARAGRAPHS - 1
                                ? q->paragraph - (PRONOUN_PARAGRAPHS - 1) : 0;
        size_t floor = cx->doc->paragraphs.items[first_para].start;
        const ws_name_run *r = nearest_subject(cx, q, floor, g, a_person);
        if (r) {
            ws_canonical_name(cx, a, r->start, r->end);
            a->resolution = "pronoun resolved to the nearest person named before it";
            learn_gender(cx, a->speaker_start, g);
            return true;
        }
    }
    if (last) {
        a->speaker_start = last->speaker_start;
        a->speaker_end = last->speaker_end;
        a->resolution = "pronoun resolved to an earlier speaker";
        return true;
    }
    return false;
}

/* Is t[s,e) a determiner or possessive that opens a noun phrase? */
static bool phrase_determiner(const char *t, size_t s, size_t e)
{
    static const char *const words[] = {"the", "a", "an", "his", "her", "their", "its",
                                        "our", "my", "your", NULL};
    for (const char *const *w = words; *w; w++)
        if (strlen(*w) == e - s && !strncasecmp(t + s, *w, e - s))
            return true;
    return false;
}

/* A word of letters, as "Florida's" or "Sanders'" (no quote mark, no
 * comma: "it,''" ends a quote, not a phrase). */
static bool phrase_word(const char *t, size_t s, size_t e)
{
    uint32_t c = 0, prev = 0;
    for (size_t k = s; k < e;) {
        prev = c;
        c = ws_utf8_next(t, e, &k);
        if (!ws_is_letter(c) && c != '-' &&
            !((c == 0x2019 || c == '\'') && ws_is_letter(prev)))
            return false;
    }
    return true;
}

/* The role a body before a name belongs to: "Another delegate on the
 * Cruz slate, Jim Poolman", "The leader of the Anti-Defamation League,
 * Jonathan Greenblatt" (`s` opens "the Cruz slate"): back over a
 * preposition and at most three words to a determiner, else `s`. */
static size_t role_of_body(const context *cx, size_t floor, size_t s)
{
    static const char *const preps[] = {"of", "for", "on", "at", "with", "from", "in", NULL};
    const char *t = cx->doc->text;
    size_t e = s, w = s;
    for (int words = 0; words < 4; words++) {
        if (e < floor + 2 || t[e - 1] != ' ')
            return s;
        e--;
        w = e;
        while (w > floor && t[w - 1] != ' ' && t[w - 1] != '\n')
            w--;
        if (w == e || !phrase_word(t, w, e))
            return s;
        if (words == 0) {
            const char *const *p = preps;
            while (*p && !(strlen(*p) == e - w && !memcmp(t + w, *p, e - w)))
                p++;
            if (!*p)
                return s;
        } else if (phrase_determiner(t, w, e) ||
                   (e - w == 7 && !strncasecmp(t + w, "another", 7)) ||
                   (e - w == 3 && !strncasecmp(t + w, "one", 3))) {
            return w;
        } else if (ws_words_find_nocase(&cx->ex->rules->stopwords, t + w, e - w)) {
            return s;
        }
        e = w;
    }
    return s;
}

/* Where the noun phrase that ends at `pos` (a role, or a role and the
 * comma before its name) starts: back over at most five words, to a
 * determiner or possessive, before a function word or punctuation
 * ("Her chief policy aide", "Florida's Republican attorney general");
 * with `determined`, `pos` unless a determiner opens it. */
size_t ws_phrase_start(const context *cx, size_t floor, size_t pos, bool determined)
{
    const char *t = cx->doc->text;
    size_t start = pos;
    for (int words = 0; words < 5; words++) {
        size_t e = start;
        if (t[pos] != ',' || words) {
            if (start < floor + 2 || t[start - 1] != ' ')
                break;
            e = start - 1;
        }
        size_t s = e;
        while (s > floor && t[s - 1] != ' ' && t[s - 1] != '\n')
            s--;
        if (s == e || !phrase_word(t, s, e))
            break;
        if (phrase_determiner(t, s, e))
            return t[pos] == ',' ? role_of_body(cx, floor, s) : s;
        if (ws_words_find_nocase(&cx->ex->rules->stopwords, t + s, e - s))
            break;
        start = s;
    }
    return determined ? pos : start;
}

#define COMMON_WORD_WINDOW 16384

/* Is the one word t[s,e), opening its sentence, a common word the text
 * writes in lower case elsewhere ("Tunnels are so numerous ...", "Notes
 * on the conversation describe ...") rather than a name?  Looked for
 * near it only, so a huge document stays linear. */
static bool common_word(const ws_document *doc, size_t s, size_t e)
{
    const char *t = doc->text;
    size_t n = e - s;
    if (n < 3 || n > 30 || t[s] < 'A' || t[s] > 'Z' || memchr(t + s, ' ', n) ||
        doc->sentences.items[ws_document_sentence_of(doc, s)] != s)
        return false;
    for (size_t k = s + 1; k < e; k++)
        if (t[k] < 'a' || t[k] > 'z')
            return false;
    /* People named by what they do speak as a group ("Protesters chanted"),
     * and so do a few bodies and papers ("Police said", "Report: ..."). */
    static const char *const agents[] = {"ers", "ors", "ents", "ants", "ists", "ians", "ees", NULL};
    static const char *const groups[] = {"Police", "Staff", "Report", "Reports", "Poll", "Polls", NULL};
    for (const char *const *g = agents; *g; g++)
        if (n > strlen(*g) && !memcmp(t + e - strlen(*g), *g, strlen(*g)))
            return false;
    for (const char *const *g = groups; *g; g++)
        if (n == strlen(*g) && !memcmp(t + s, *g, n))
            return false;
    char w[32];
    memcpy(w, t + s, n);
    w[0] = (char)(w[0] | 0x20);
    size_t from = s > COMMON_WORD_WINDOW ? s - COMMON_WORD_WINDOW : 0;
    size_t to = doc->length - e > COMMON_WORD_WINDOW ? e + COMMON_WORD_WINDOW : doc->length;
    for (const char *p = t + from; (p = memmem(p, (size_t)(t + to - p), w, n));) {
        size_t k = (size_t)(p - t);
        if ((k == 0 || !ws_is_letter((unsigned char)t[k - 1])) &&
            (k + n == doc->length || !ws_is_letter((unsigned char)t[k + n])))
            return true;
        p++;
    }
    return false;
}

/* Is mention m (n bytes) all of the pack's anaphor pattern? */
static bool is_anaphor(ws_extractor *ex, const char *m, size_t n)
{
    const pcre2_code *re = ex->rules->anaphor;
    return re && pcre2_match(re, (PCRE2_SPTR)m, n, 0, ex->match_options, ex->match,
                             ex->match_context) >= 0 &&
           pcre2_get_ovector_pointer(ex->match)[1] == n;
}

/* The end of the longest title of titles.txt at t[p,e), of up to four
 * words ("Sen", "Secretary of State"), or p. */
static size_t title_end(const ws_rules *rules, const char *t, size_t p, size_t e)
{
    size_t best = p, te = p;
    for (int words = 0; words < 4 && te < e; words++) {
        if (words)
            te++; /* the space */
        while (te < e && t[te] != ' ' && t[te] != '.')
            te++;
        if (ws_words_find(&rules->titles, t + p, te - p))
            best = te;
        if (te >= e || t[te] != ' ')
            break;
    }
    return best;
}

/* Classifies and resolves the mention the rule matched. */
void ws_resolve_mention(context *cx, size_t qi, size_t floor, ws_attribution *a)
{
    const ws_document *doc = cx->doc;
    const ws_rules *rules = cx->ex->rules;
    size_t s = a->mention_start, e = a->mention_end;
    ws_gender title_gender = ws_mention_normalise(doc, rules, &s, &e, floor);
    /* A role the rule matched by its head noun ("official" in "An Israeli
     * official") is the phrase its determiner opens. */
    size_t head = e, word = s;
    while (head > s && doc->text[head - 1] != ' ')
        head--;
    while (word < e && doc->text[word] != ' ')
        word++;
    size_t hp = head;
    if (!ws_is_upper(ws_utf8_next(doc->text, e, &hp)) &&
        !ws_words_find_nocase(&rules->stopwords, doc->text + s, word - s))
        s = ws_phrase_start(cx, floor, s, true);
    a->mention_start = s;
    a->mention_end = e;
    const ws_word *pronoun = ws_words_find_nocase(&rules->pronouns, doc->text + s, e - s);
    /* "Striker Lena Marsh ... "Q," the 23-year-old said": a description
     * points back to the person its paragraph names (else it stays as
     * written, below: further back, a caption's credit is as near). */
    if (!pronoun && is_anaphor(cx->ex, doc->text + s, e - s)) {
        const ws_found_quote *q = &cx->quotes->items[qi];
        const ws_name_run *r = nearest_subject(
            cx, q, doc->paragraphs.items[q->paragraph].start, WS_GENDER_UNKNOWN, a_person);
        if (r) {
            ws_canonical_name(cx, a, r->start, r->end);
            a->resolution = "description resolved to the person its paragraph names";
            return;
        }
    }
    if (pronoun) {
        if (!resolve_pronoun(cx, qi, pronoun->gender, a)) {
            a->speaker_start = a->speaker_end = WS_NONE;
            a->resolution = "pronoun left unresolved";
        } else {
            learn_gender(cx, a->speaker_start, pronoun->gender);
            a->confidence *= 0.85;
        }
        return;
    }
    size_t p = s;
    uint32_t first = ws_utf8_next(doc->text, e, &p);
    size_t tok = s;
    while (tok < e && doc->text[tok] != ' ')
        tok++;
    bool determiner = ws_words_find(&rules->stopwords, doc->text + s, tok - s) != NULL;
    if (!ws_is_upper(first) || determiner) {
        a->speaker_start = s;
        a->speaker_end = e;
        a->resolution = "role or group, as written";
        return;
    }
    /* Skip the titles to reach the name itself. */
    size_t name = s;
    for (;;) {
        size_t te = title_end(rules, doc->text, name, e);
        if (te == name || te >= e)
            break;
        if (doc->text[te] == '.')
            te++;
        while (te < e && doc->text[te] == ' ')
            te++;
        name = te;
    }
    /* A title inside the mention ends the office before the name ("Council
     * on American-Islamic Relations National Executive Director Nihad
     * Awad"): the speaker is the name after the last one; the mention
     * keeps the whole phrase.  Not in a phrase a name only qualifies
     * ("Sen. Kelly Ayotte's campaign"): every word after must be
     * capitalised. */
    size_t inner = name;
    for (size_t k = name; k < e;) {
        size_t te = k;
        while (te < e && doc->text[te] != ' ' && doc->text[te] != '.')
            te++;
        size_t next = te;
        if (next < e && doc->text[next] == '.')
            next++;
        while (next < e && doc->text[next] == ' ')
            next++;
        size_t c = k;
        if (k < te && !ws_is_upper(ws_utf8_next(doc->text, te, &c)))
            break; /* a lower-case word: the name stays as it was */
        /* ...though not a surname that is also a title ("Martin Luther
         * King Jr."). */
        if (next < e && ws_words_find(&rules->titles, doc->text + k, te - k) &&
            !ws_name_suffix(rules, doc->text, next, e))
            inner = next;
        k = next > te ? next : te + 1;
        if (k >= e)
            name = inner;
    }
    ws_canonical_name(cx, a, name, e);
    /* A common word opening the sentence names no one: a later rule may
     * find who spoke. */
    if (name == s && a->speaker_start == s && a->speaker_end == e &&
        !ws_words_find(&rules->titles, doc->text + s, e - s) && common_word(doc, s, e)) {
        a->speaker_start = a->speaker_end = WS_NONE;
        a->resolution = "a common word, not a name";
        return;
    }
    if (title_gender != WS_GENDER_UNKNOWN)
        learn_gender(cx, a->speaker_start, title_gender);
}

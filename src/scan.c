/* The quote scanner: finds the top-level quotations of each paragraph.
 *
 * Every quote-mark style is read (" ' “ ” ‘ ’ „ ‚ « » ‹ › 「 」 『 』 ``
 * and the '' double-quote substitute).  Straight and ambiguous marks get
 * their direction from their neighbours.  Quotes nest on a bounded stack;
 * only the outermost becomes a record.  A quote still open at the end of
 * its paragraph is closed there (the multi-paragraph convention repeats
 * the opening mark at the next paragraph), except a single-mark quote,
 * which is more often a stray apostrophe and is dropped; the paragraph is
 * then read again after that mark, at most a few times, so the work stays
 * linear.
 *
 * A paragraph that opens with an em dash is a line of dialogue (Spanish
 * and French raya: "—Q1 —dice Ortega—. Q2."): its words are the quote,
 * cut at each narrator's aside, which opens with a dash glued to its first
 * word (" —dice") and ends at the next dash or with the paragraph.  One
 * pass over the paragraph; quote marks inside a dialogue line are nested
 * in it and make no record of their own.  A pack turns this off
 * (`dialogue-dashes off`) where the dash opens list items and bylines
 * instead ("— Carol Lee of the Wall Street Journal, winner of ..."). */
#include "internal.h"

#include <string.h>

enum mark {
    M_NONE,
    M_DQ_LEFT, M_DQ_RIGHT, M_DQ_STRAIGHT, M_DQ_LOW, /* “ ” " „ */
    M_SQ_LEFT, M_SQ_RIGHT, M_SQ_STRAIGHT, M_SQ_LOW, /* ‘ ’ ' ‚ */
    M_AQ_LEFT, M_AQ_RIGHT, M_SAQ_LEFT, M_SAQ_RIGHT, /* « » ‹ › */
    M_CJK_LEFT, M_CJK_RIGHT, M_CJK2_LEFT, M_CJK2_RIGHT, /* 「 」 『 』 */
    M_BACKTICKS, M_APOSTROPHES,                     /* `` '' */
};

#define MAX_RESCANS 4

/* `apostrophes`: '' is a double quote mark; else it is text (wiki
 * italics, ''Homo sapiens''). */
static enum mark mark_at(const char *t, size_t len, size_t pos, bool apostrophes,
                         size_t *mlen)
{
    unsigned char c = (unsigned char)t[pos];
    *mlen = 1;
    if (c == '"')
        return M_DQ_STRAIGHT;
    if (c == '\'') {
        if (pos + 1 < len && t[pos + 1] == '\'') {
            *mlen = 2;
            return apostrophes ? M_APOSTROPHES : M_NONE;
        }
        return M_SQ_STRAIGHT;
    }
    if (c == '`') {
        if (pos + 1 < len && t[pos + 1] == '`') {
            *mlen = 2;
            return M_BACKTICKS;
        }
        return M_NONE;
    }
    if (c < 0x80)
        return M_NONE;
    size_t p = pos;
    uint32_t cp = ws_utf8_next(t, len, &p);
    *mlen = p - pos;
    switch (cp) {
    case 0x201C: return M_DQ_LEFT;
    case 0x201D: return M_DQ_RIGHT;
    case 0x201E: return M_DQ_LOW;
    case 0x2018: return M_SQ_LEFT;
    case 0x2019: return M_SQ_RIGHT;
    case 0x201A: return M_SQ_LOW;
    case 0x00AB: return M_AQ_LEFT;
    case 0x00BB: return M_AQ_RIGHT;
    case 0x2039: return M_SAQ_LEFT;
    case 0x203A: return M_SAQ_RIGHT;
    case 0x300C: return M_CJK_LEFT;
    case 0x300D: return M_CJK_RIGHT;
    case 0x300E: return M_CJK2_LEFT;
    case 0x300F: return M_CJK2_RIGHT;
    default: return M_NONE;
    }
}

static bool is_single(enum mark m)
{
    return m == M_SQ_LEFT || m == M_SQ_RIGHT || m == M_SQ_STRAIGHT ||
           m == M_SQ_LOW || m == M_SAQ_LEFT || m == M_SAQ_RIGHT;
}

/* Can `closer` close a quote opened by `opener`? */
static bool closes(enum mark opener, enum mark closer)
{
    switch (opener) {
    case M_DQ_LEFT:
    case M_DQ_RIGHT:
    case M_DQ_STRAIGHT:
        /* Scraped text closes with “ too; its context decides (below). */
        return closer == M_DQ_RIGHT || closer == M_DQ_STRAIGHT ||
               closer == M_DQ_LEFT;
    case M_DQ_LOW:
        /* „…" in scraped German text: the straight mark's context decides. */
        return closer == M_DQ_LEFT || closer == M_DQ_RIGHT ||
               closer == M_DQ_STRAIGHT;
    case M_SQ_LEFT:
    case M_SQ_STRAIGHT:
        return closer == M_SQ_RIGHT || closer == M_SQ_STRAIGHT;
    case M_SQ_LOW:
        return closer == M_SQ_LEFT || closer == M_SQ_RIGHT;
    case M_AQ_LEFT: return closer == M_AQ_RIGHT;
    case M_AQ_RIGHT: return closer == M_AQ_LEFT;
    case M_SAQ_LEFT: return closer == M_SAQ_RIGHT;
    case M_SAQ_RIGHT: return closer == M_SAQ_LEFT;
    case M_CJK_LEFT: return closer == M_CJK_RIGHT;
    case M_CJK2_LEFT: return closer == M_CJK2_RIGHT;
    case M_BACKTICKS:
    case M_APOSTROPHES:
        return closer == M_APOSTROPHES || closer == M_DQ_RIGHT ||
               closer == M_DQ_STRAIGHT;
    default:
        return false;
    }
}

static bool opening_neighbour(uint32_t prev)
{
    return prev == 0 || ws_is_space(prev) || prev == '(' || prev == '[' ||
           prev == '{' || prev == '-' || prev == 0x2013 || prev == 0x2014 ||
           prev == '/' || prev == ':' || prev == ';' || prev == ',' ||
           prev == 0x201C || prev == 0x2018 || prev == '"' || prev == 0x00AB ||
           prev == 0x201E || prev == 0x00BB || prev == 0x2026;
}

/* Would this single mark, read as a closer, end a quote?  (Not "it's".) */
static bool single_closer_context(uint32_t prev, uint32_t next)
{
    return prev != 0 && !ws_is_space(prev) && !ws_is_letter(next) &&
           !ws_is_digit(next);
}

typedef struct open_quote {
    enum mark mark;
    size_t open, content;
} open_quote;

typedef struct scan_state {
    const ws_document *doc;
    ws_quote_list *out;
    size_t paragraph;
    int max_nesting;
    bool apostrophes; /* '' is a quote mark (the pack's double-apostrophes) */
} scan_state;

static void trim(const char *t, size_t len, size_t *start, size_t *end)
{
    while (*start < *end) {
        size_t p = *start;
        if (!ws_is_space(ws_utf8_next(t, len, &p)))
            break;
        *start = p;
    }
    while (*end > *start) {
        size_t p;
        if (!ws_is_space(ws_utf8_prev(t, *end, &p)))
            break;
        *end = p;
    }
}

static int letters(const char *t, size_t len, size_t start, size_t end, int enough)
{
    int n = 0;
    for (size_t p = start; p < end && n < enough;)
        n += ws_is_letter(ws_utf8_next(t, len, &p));
    return n;
}

static int emit(scan_state *st, const open_quote *q, size_t end,
                size_t close_end, bool closed)
{
    const char *t = st->doc->text;
    size_t len = st->doc->length;
    size_t start = q->content;
    trim(t, len, &start, &end);
    if (start >= end)
        return WS_OK;
    /* 'n', 'em and the like: a single-mark "quote" needs two letters. */
    if (is_single(q->mark) && letters(t, len, start, end, 2) < 2)
        return WS_OK;
    ws_found_quote f = {q->open, start, end, close_end, st->paragraph, closed};
    return WS_VEC_PUSH(*st->out, f);
}

static bool is_dash(uint32_t c);

/* French incise verbs in the present ("explique Karim Belkacem"); the
 * past tense ("a expliqué") and inverted pronouns ("poursuit-il") are
 * recognised by their form. */
static const char *const incise_verbs[] = {
    "dit", "explique", "ajoute", "affirme", "précise", "poursuit", "souligne",
    "assure", "estime", "déclare", "indique", "confie", "raconte", "insiste",
    "rappelle", "reconnaît", "conclut", "résume", "commente", "martèle",
    "observe", "note", "relève", "témoigne", "répond", "réplique", "lance",
    "avoue", "admet", "prévient", "soupire", "sourit", "tranche", NULL};

static size_t word_end(const char *t, size_t len, size_t p, size_t end)
{
    while (p < end) {
        size_t q = p;
        uint32_t c = ws_utf8_next(t, len, &q);
        if (!ws_is_letter(c) && c != '-' && c != 0x2019 && c != '\'')
            break;
        p = q;
    }
    return p;
}

static bool ends_with(const char *t, size_t s, size_t e, const char *suffix)
{
    size_t n = strlen(suffix);
    return e - s >= n && !memcmp(t + e - n, suffix, n);
}

/* Does an incise ("a expliqué Karim Belkacem", "a-t-elle précisé",
 * "poursuit-il") start at `p`?  Returns the end of its head word(s). */
static size_t incise_head(const char *t, size_t len, size_t p, size_t end)
{
    size_t e = word_end(t, len, p, end);
    if (e == p)
        return 0;
    /* An inverted subject pronoun: "a-t-elle", "poursuit-il", "dit-on". */
    static const char *const pron[] = {"-il", "-elle", "-ils", "-elles", "-on", NULL};
    for (int i = 0; pron[i]; i++)
        if (ends_with(t, p, e, pron[i])) {
            /* "a-t-elle précisé": the participle belongs to it. */
            if (e - p <= 9 && t[p] == 'a' && e < end && t[e] == ' ') {
                size_t e2 = word_end(t, len, e + 1, end);
                if (e2 > e + 1)
                    return e2;
            }
            return e;
        }
    /* "a expliqué", "ont ajouté", "avait dit" + a subject. */
    if ((e - p == 1 && t[p] == 'a') || (e - p == 3 && !memcmp(t + p, "ont", 3)) ||
        (e - p == 5 && !memcmp(t + p, "avait", 5))) {
        if (e >= end || t[e] != ' ')
            return 0;
        size_t e2 = word_end(t, len, e + 1, end);
        if (e2 == e + 1)
            return 0;
        if (!(ends_with(t, e + 1, e2, "é") || ends_with(t, e + 1, e2, "it") ||
              ends_with(t, e + 1, e2, "u") || ends_with(t, e + 1, e2, "is")))
            return 0;
        e = e2;
    } else {
        bool verb = false;
        for (int i = 0; incise_verbs[i] && !verb; i++)
            verb = strlen(incise_verbs[i]) == e - p && !memcmp(t + p, incise_verbs[i], e - p);
        if (!verb)
            return 0;
    }
    /* A named subject must follow: "Karim Belkacem", "M. Dupuis", "la ministre". */
    if (e >= end || t[e] != ' ')
        return 0;
    size_t q = e + 1;
    uint32_t c = ws_utf8_next(t, len, &q);
    if (!ws_is_upper(c) && !((t[e + 1] == 'l' && (t[e + 2] == 'e' || t[e + 2] == 'a')) && t[e + 3] == ' '))
        return 0;
    return e;
}

/* Emits a « » quote, split at a French incise inside it:
 * « Q1, a expliqué S, délégué syndical, Q2. » gives Q1 and Q2. */
static int emit_guillemets(scan_state *st, const open_quote *q, size_t end,
                           size_t close_end)
{
    const char *t = st->doc->text;
    size_t len = st->doc->length;
    for (size_t p = q->content; p + 2 < end; p++) {
        if (t[p] != ',' || t[p + 1] != ' ')
            continue;
        size_t head = incise_head(t, len, p + 2, end);
        if (!head)
            continue;
        /* The incise ends at the next comma or full stop... */
        size_t r = head;
        while (r < end && t[r] != ',' && t[r] != '.' && t[r] != '!' && t[r] != '?')
            r++;
        if (r >= end)
            continue;
        /* ...or, with a name and a short apposition ("Karim Belkacem,
         * délégué syndical,"), at the comma after it. */
        if (t[r] == ',') {
            size_t a = r + 1, n = 0;
            while (a < end && t[a] != ',' && t[a] != '.' && n < 40)
                a++, n++;
            if (a < end && t[a] == ',' && n < 40 && ws_is_upper((unsigned char)t[head + 1]))
                r = a;
        }
        size_t rest = r + 1;
        while (rest < end && ws_is_space((unsigned char)t[rest]))
            rest++;
        size_t probe = rest;
        if (rest >= end || letters(t, len, rest, end, 2) < 2)
            continue;
        (void)probe;
        open_quote first = *q;
        int err = emit(st, &first, p, p, true);
        if (err)
            return err;
        open_quote second = {q->mark, rest, rest};
        return emit(st, &second, end, close_end, true);
    }
    return emit(st, q, end, close_end, true);
}

/* The first byte at or after p that can begin a quote mark: " ' ` or
 * the lead byte of « » (C2), “ ” ‘ ’ „ ‚ ‹ › (E2), 「 」 『 』 (E3).  Most
 * text is skipped here without being decoded. */
static size_t next_candidate(const char *t, size_t p, size_t end)
{
    /* The bytes a quote mark can start with: one table lookup a byte. */
    static const bool starts_mark[256] = {
        ['"'] = 1, ['\''] = 1, ['`'] = 1, [0xC2] = 1, [0xE2] = 1, [0xE3] = 1,
    };
    while (p < end && !starts_mark[(unsigned char)t[p]])
        p++;
    return p;
}

/* The character before `at`, or 0 at the start of the range. */
static uint32_t before(const char *t, size_t start, size_t at)
{
    return at > start ? ws_utf8_prev(t, at, NULL) : 0;
}

/* Position after the last mark in [start,end) that could close a single
 * quote; openers after it cannot be closed, so they are apostrophes. */
static size_t last_single_closer(const char *t, size_t len, size_t start,
                                 size_t end, bool apostrophes)
{
    size_t last = start;
    for (size_t p = start; (p = next_candidate(t, p, end)) < end;) {
        size_t at = p, mlen;
        enum mark m = mark_at(t, len, p, apostrophes, &mlen);
        p = at + mlen;
        if (m == M_SQ_RIGHT || m == M_SQ_STRAIGHT || m == M_SQ_LEFT ||
            m == M_SAQ_LEFT || m == M_SAQ_RIGHT) {
            size_t q = at + mlen;
            uint32_t next = q < end ? ws_utf8_next(t, len, &q) : 0;
            if (single_closer_context(before(t, start, at), next) ||
                m == M_SAQ_RIGHT || m == M_SAQ_LEFT)
                last = at + 1;
        }
    }
    return last;
}

/* Scans [start,end); returns WS_OK and sets *restart to the position to
 * scan again from when the outermost quote was a single mark never closed
 * (WS_NONE otherwise). */
static int scan_range(scan_state *st, size_t start, size_t end, size_t *restart)
{
    const char *t = st->doc->text;
    size_t len = st->doc->length;
    open_quote stack[WS_MAX_QUOTE_NESTING];
    int depth = 0, limit = st->max_nesting;
    size_t single_limit = last_single_closer(t, len, start, end, st->apostrophes);
    int err;

    if (limit > WS_MAX_QUOTE_NESTING || limit <= 0)
        limit = WS_MAX_QUOTE_NESTING;
    *restart = WS_NONE;
    for (size_t p = start; (p = next_candidate(t, p, end)) < end;) {
        size_t at = p, mlen;
        enum mark m = mark_at(t, len, p, st->apostrophes, &mlen);
        if (m == M_NONE) {
            p += mlen;
            continue;
        }
        uint32_t prev = before(t, start, at);
        p = at + mlen;
        size_t q = p;
        uint32_t next = q < end ? ws_utf8_next(t, len, &q) : 0;

        /* Closing: the nearest open quote this mark can close. */
        int match = -1;
        for (int i = depth - 1; i >= 0; i--)
            if (closes(stack[i].mark, m)) {
                match = i;
                break;
            }
        bool can_close = match >= 0;
        if (can_close && is_single(m) && m != M_SAQ_LEFT && m != M_SAQ_RIGHT)
            can_close = single_closer_context(prev, next);
        if (can_close && m == M_DQ_LEFT && stack[match].mark != M_DQ_LOW)
            can_close = !ws_is_space(prev) && (next == 0 || !ws_is_letter(next));
        if (can_close && m == M_DQ_STRAIGHT && stack[match].mark == M_DQ_LOW)
            can_close = !ws_is_space(prev) && (next == 0 || !ws_is_letter(next));
        if (can_close && (m == M_DQ_STRAIGHT || m == M_APOSTROPHES) &&
            ws_is_space(prev) && next != 0 && !ws_is_space(next) &&
            match != depth - 1)
            can_close = false; /* looks like an opener nested deeper */
        if (can_close) {
            if (match == 0) {
                err = stack[0].mark == M_AQ_LEFT
                          ? emit_guillemets(st, &stack[0], at, p)
                          : emit(st, &stack[0], at, p, true);
                if (err)
                    return err;
            }
            depth = match;
            continue;
        }

        /* Opening. */
        bool can_open;
        bool next_word = next != 0 && !ws_is_space(next);
        switch (m) {
        case M_DQ_LEFT:
        case M_DQ_LOW:
        case M_CJK_LEFT:
        case M_CJK2_LEFT:
        case M_BACKTICKS:
            can_open = next != 0;
            break;
        case M_AQ_LEFT:
        case M_SAQ_LEFT:
            can_open = next != 0; /* French « with a space inside */
            break;
        case M_AQ_RIGHT:
        case M_SAQ_RIGHT: /* German »…« */
        case M_DQ_RIGHT:  /* scraped text that opens with ” */
        case M_DQ_STRAIGHT:
        case M_APOSTROPHES:
            can_open = next_word && opening_neighbour(prev);
            if (m == M_DQ_STRAIGHT || m == M_APOSTROPHES)
                can_open = next_word && (opening_neighbour(prev) ||
                                         !ws_is_letter(prev));
            break;
        case M_SQ_LEFT:
        case M_SQ_STRAIGHT:
        case M_SQ_LOW:
            /* Not '90s, not a closer-less apostrophe like 'em. */
            can_open = ws_is_letter(next) && opening_neighbour(prev) &&
                       at < single_limit;
            break;
        default:
            can_open = false;
        }
        /* A mark deeper than the limit is read as text: junk of endless
         * openers still gives its document's other quotes. */
        if (can_open && depth < limit)
            stack[depth++] = (open_quote){m, at, p};
    }
    if (depth > 0) {
        if (is_single(stack[0].mark)) {
            *restart = stack[0].open + 1;
            return WS_OK;
        }
        return emit(st, &stack[0], end, end, false);
    }
    return WS_OK;
}

static bool is_dash(uint32_t c)
{
    return c == 0x2014 || c == 0x2015; /* — ― */
}

/* Does the paragraph open with a dialogue dash followed by words? */
static bool dialogue_line(const char *t, size_t len, ws_span para, size_t *after)
{
    size_t p = para.start;
    uint32_t c = 0;
    while (p < para.end) {
        size_t q = p;
        c = ws_utf8_next(t, len, &q);
        if (!ws_is_space(c))
            break;
        p = q;
    }
    if (p >= para.end || !is_dash(c))
        return false;
    size_t q = p;
    ws_utf8_next(t, len, &q);
    *after = q;
    /* A dash and a bare name ("— Christina Lastra", a byline) is no
     * dialogue: it needs a lower-case word or sentence punctuation. */
    for (size_t r = q; r < para.end;) {
        uint32_t d = ws_utf8_next(t, len, &r);
        if (ws_is_letter(d) && !ws_is_upper(d))
            return true;
        if (d == '.' || d == '?' || d == '!' || d == ',' || d == 0xBF || d == 0xA1)
            return true;
    }
    return false;
}

/* Emits the parts of a dialogue line [from, para.end), `open` being the
 * opening dash. */
static int scan_dialogue(scan_state *st, ws_span para, size_t open, size_t from)
{
    const char *t = st->doc->text;
    size_t len = st->doc->length;
    size_t part = from;
    uint32_t prev = 0;
    for (size_t p = from; p < para.end;) {
        size_t at = p;
        uint32_t c = ws_utf8_next(t, len, &p);
        if (!is_dash(c) || prev == 0 || p >= para.end) {
            prev = c;
            continue;
        }
        size_t q = p;
        uint32_t next = ws_utf8_next(t, len, &q);
        /* A dash glued to the words before it closes them (the press form
         * "—Q—, dijo S."); one glued to the words after it opens an aside
         * ("—Q —dice S—. Q2."); a spaced dash " — " is punctuation. */
        bool closing = !ws_is_space(prev) &&
                       (next == ',' || next == '.' || next == ';' || ws_is_space(next));
        if (!closing && (!ws_is_space(prev) || ws_is_space(next))) {
            prev = c;
            continue;
        }
        /* An aside opens at `at`: the part before it is a quote. */
        open_quote oq = {M_NONE, open, part};
        int err = emit(st, &oq, at, closing ? p : at, true);
        if (err)
            return err;
        /* The aside runs to the next dash or the end of the paragraph. */
        size_t close = para.end;
        while (p < para.end) {
            size_t r = p;
            if (is_dash(ws_utf8_next(t, len, &r))) {
                close = p;
                p = r;
                break;
            }
            p = r;
        }
        if (close == para.end)
            return WS_OK;
        /* After the closing dash: punctuation, spaces, then the next part. */
        open = close;
        while (p < para.end) {
            size_t r = p;
            uint32_t d = ws_utf8_next(t, len, &r);
            if (!(ws_is_space(d) || d == '.' || d == ',' || d == ';' || d == ':'))
                break;
            p = r;
        }
        part = p;
        prev = 0;
    }
    if (part < para.end) {
        open_quote oq = {M_NONE, open, part};
        return emit(st, &oq, para.end, para.end, false);
    }
    return WS_OK;
}

/* A dialogue dash opening a sentence inside a paragraph: after ". " (or
 * "? ", "! ", ": "), glued to a capital, "¿" or "¡", with no quote mark
 * open before it.  Returns its position and sets *after, or WS_NONE. */
static size_t mid_dialogue(const char *t, size_t len, ws_span para, size_t *after)
{
    /* Every dash of is_dash() is encoded E2 80 xx: most paragraphs have
     * none and need no decoding. */
    if (!memchr(t + para.start, 0xE2, para.end - para.start))
        return WS_NONE;
    uint32_t prev2 = 0, prev = 0;
    int open_marks = 0;
    for (size_t p = para.start; p < para.end;) {
        size_t at = p;
        uint32_t c = ws_utf8_next(t, len, &p);
        if (c == 0x00AB || c == 0x201C || c == 0x201E || c == '"')
            open_marks++;
        else if (c == 0x00BB || c == 0x201D)
            open_marks--;
        if (is_dash(c) && ws_is_space(prev) &&
            (prev2 == '.' || prev2 == '?' || prev2 == '!' || prev2 == ':') &&
            open_marks <= 0 && p < para.end) {
            size_t q = p;
            uint32_t next = ws_utf8_next(t, len, &q);
            if (ws_is_upper(next) || next == 0xBF || next == 0xA1) {
                *after = p;
                return at;
            }
        }
        prev2 = prev;
        prev = c;
    }
    return WS_NONE;
}

static int scan_paragraph(scan_state *st, ws_span para)
{
    const ws_document *doc = st->doc;
    size_t from = para.start;
    for (int pass = 0; pass <= MAX_RESCANS && from < para.end; pass++) {
        size_t restart;
        int err = scan_range(st, from, para.end, &restart);
        if (err)
            return err;
        if (restart == WS_NONE)
            break;
        /* Skip the rest of that mark's bytes. */
        while (restart < para.end &&
               ((unsigned char)doc->text[restart] & 0xC0) == 0x80)
            restart++;
        from = restart;
    }
    return WS_OK;
}

int ws_scan_quotes(const ws_document *doc, int max_nesting, bool dialogue,
                   bool apostrophes, ws_quote_list *out)
{
    scan_state st = {doc, out, 0, max_nesting, apostrophes};
    for (size_t i = 0; i < doc->paragraphs.count; i++) {
        ws_span para = doc->paragraphs.items[i];
        size_t from = para.start;
        st.paragraph = i;
        size_t words;
        if (dialogue && dialogue_line(doc->text, doc->length, para, &words)) {
            int err = scan_dialogue(&st, para, from, words);
            if (err)
                return err;
            continue;
        }
        /* A dialogue line may also start mid-paragraph, after a sentence:
         * "… en el salón de plenos. —Es una figura…—, dijo el alcalde." */
        size_t dash = dialogue ? mid_dialogue(doc->text, doc->length, para, &words) : WS_NONE;
        if (dash != WS_NONE) {
            ws_span head = {para.start, dash};
            int err = scan_paragraph(&st, head);
            if (err)
                return err;
            ws_span tail = {dash, para.end};
            if ((err = scan_dialogue(&st, tail, dash, words)))
                return err;
            continue;
        }
        int err = scan_paragraph(&st, para);
        if (err)
            return err;
    }
    return WS_OK;
}


/* Quoted words that are not speech: the titles of books, films and shows
 * ("Tall Stories", on NBC's "Meet the Press"), and newsletter headlines
 * with their bylines and excerpts.  Attribution drops them (a precision
 * choice, README "Accuracy"); the word lists are rules/<lang>/works.txt
 * and bylines.txt. */
#include "internal.h"

#include <string.h>

/* The short words a title leaves in lower case, in the pack languages. */
static bool small_title_word(const char *w, size_t n)
{
    static const char *const words[] = {
        "a", "an", "the", "and", "or", "nor", "but", "of", "in", "on", "at", "to", "for",
        "by", "with", "from", "as", "vs", "vs.", "into", "onto", "upon", "over", "de",
        "du", "des", "la", "le", "les", "et", "à", "au", "aux", "en", "el", "los", "las",
        "y", "del", "con", "por", "und", "von", "vom", "der", "die", "das", "im", "am",
        "zu", "zum", "zur", "mit", "auf", "für", NULL};
    for (const char *const *x = words; *x; x++)
        if (strlen(*x) == n && !memcmp(*x, w, n))
            return true;
    return false;
}

/* A short quote in title case with no speaker ("Tall Stories", "The A
 * Word") names a book, film or show; it is not speech.  So does a short
 * capitalised quote with no speaker right after an article or a
 * capitalised word: German capitalises every noun, so a title there is
 * rarely in title case ("der Roman „Die stillen Jahre“", "des Magazins
 * „Der Spiegel“", "un court métrage intitulé « Sable »"). */
bool ws_looks_like_title(const ws_document *doc, const ws_found_quote *q)
{
    static const char *const articles[] = {
        "der", "die", "das", "des", "dem", "den", "ein", "eine", "einen", "einem",
        "einer", "eines", "le", "la", "les", "du", "un", "une", "el", "los",
        "las", "del", "una", "the", "a", "an",
        /* "la projection de « La Maison du passeur »", "titled "…"" */
        "de", "of", "intitulé", "intitulée", "titled", "entitled", "titulado",
        "titulada", NULL};
    const char *t = doc->text;
    int words = 0, capitals = 0, other_small = 0;
    bool title_case = true;
    for (size_t p = q->start; p < q->end;) {
        while (p < q->end && t[p] == ' ')
            p++;
        size_t e = p;
        while (e < q->end && t[e] != ' ')
            e++;
        if (e == p)
            break;
        if (++words > 6)
            return false;
        size_t c = p;
        uint32_t first = ws_utf8_next(t, e, &c);
        /* of, the, in, a; though not first: "kein Industriegebiet" is a
         * phrase of a language that capitalises its nouns. */
        bool small = e - p <= 4 && !ws_is_upper(first) && words > 1;
        if (!ws_is_upper(first) && !small && !ws_is_digit(first))
            title_case = false;
        other_small += small && !ws_is_digit(first) && !small_title_word(t + p, e - p);
        capitals += ws_is_upper(first);
        p = e;
    }
    uint32_t last = ws_utf8_prev(t, q->end, NULL);
    if (capitals == 0 || last == '.' || last == '!' || last == '?' || last == ',')
        return false;
    /* A title may leave a short word in lower case ("Orange is the New
     * Black"), but one capital and such words are a sentence: "We owed
     * them one". */
    if (title_case && (capitals > 1 || other_small == 0))
        return true;
    size_t c = q->start;
    if (!ws_is_upper(ws_utf8_next(t, q->end, &c)))
        return false;
    /* The word before the opening mark. */
    size_t e = q->open, s;
    while (e > 0 && ws_is_space(ws_utf8_prev(t, e, &s)))
        e = s;
    size_t b = e;
    while (b > 0 && ws_is_letter(ws_utf8_prev(t, b, &s)))
        b = s;
    if (b == e || e - b > 40)
        return false;
    c = b;
    if (ws_is_upper(ws_utf8_next(t, e, &c)))
        return true;
    char word[16];
    if (e - b >= sizeof(word))
        return false;
    for (size_t i = 0; i < e - b; i++)
        word[i] = (char)(t[b + i] >= 'A' && t[b + i] <= 'Z' ? t[b + i] + 32 : t[b + i]);
    word[e - b] = '\0';
    for (int i = 0; articles[i]; i++)
        if (!strcmp(word, articles[i]))
            return true;
    return false;
}

/* Are these words in title case ("Meet the Press", "So, That Happened.",
 * "Crippled America: How to Make America Great Again")?  Every word
 * capitalised or a number, short ones (of, the, in, a) aside; quote marks
 * and brackets before a word are skipped, and a dash is no word.  With
 * `any_case`, any one to max_words words pass. */
static bool in_title_case(const char *t, size_t start, size_t end, int max_words,
                          bool any_case)
{
    /* Longer than max_words words can be: no title, and a paragraph of
     * junk with no words in it is not read once a quote. */
    if (end - start > (size_t)max_words * 32)
        return false;
    int words = 0;
    for (size_t p = start; p < end;) {
        while (p < end && t[p] == ' ')
            p++;
        size_t e = p;
        while (e < end && t[e] != ' ')
            e++;
        uint32_t first = 0;
        for (size_t c = p; c < e && !ws_is_letter(first) && !ws_is_digit(first);)
            first = ws_utf8_next(t, e, &c);
        if (ws_is_letter(first) || ws_is_digit(first)) {
            bool capital = ws_is_upper(first) || ws_is_digit(first);
            if (++words > max_words || (!capital && !any_case && (words == 1 || e - p > 4)))
                return false;
        }
        p = e;
    }
    return words > 0;
}

/* The start of the word that ends at `end` (letters, digits, ' ’ - &). */
static size_t word_start(const char *t, size_t end)
{
    size_t b = end, s;
    for (;;) {
        if (b == 0)
            return b;
        uint32_t c = ws_utf8_prev(t, b, &s);
        if (!ws_is_letter(c) && !ws_is_digit(c) && c != '\'' && c != 0x2019 &&
            c != '-' && c != '&')
            return b;
        b = s;
    }
}

static bool is_work_word(const ws_rules *rules, const char *t, size_t b, size_t e)
{
    return e > b && ws_words_find_nocase(&rules->works, t + b, e - b);
}

/* Does the text before the opening mark introduce the name of a work?
 * A word of works.txt ("the reality show", "his memoir,", "said on"), a
 * phrase of it ("author of"), or a possessive: "CNN's", "Fox News
 * channel's" name their programmes, "Fleming's" his book. */
static bool work_before(const ws_rules *rules, const char *t, const ws_found_quote *q)
{
    size_t e = q->open, s;
    while (e > 0 && ws_is_space(ws_utf8_prev(t, e, &s)))
        e = s;
    if (e > 0 && t[e - 1] == ',') /* "his memoir, "Gifted Hands,"" */
        e--;
    size_t b = word_start(t, e);
    if (b == e)
        return false;
    if (is_work_word(rules, t, b, e))
        return true;
    if (e - b > 3 && t[e - 1] == 's' &&
        (t[e - 2] == '\'' || !memcmp(t + e - 4, "\xE2\x80\x99", 3)))
        return true;
    if (b < 2 || t[b - 1] != ' ')
        return false;
    return is_work_word(rules, t, word_start(t, b - 1), e);
}

/* Does the text after the closing mark say what work it names: ""Chi-Raq,"
 * a movie about", "''Equity,'' a thriller"?  An article, then a word of
 * works.txt within three words (of three letters or more: "a message on
 * X" is not a work). */
static bool work_after(const ws_rules *rules, const char *t, size_t length,
                       const ws_found_quote *q)
{
    size_t p = q->close_end;
    while (p < length && (t[p] == ' ' || t[p] == ',' || t[p] == '-'))
        p++;
    if (p + 3 <= length && !memcmp(t + p, "\xE2\x80\x94", 3)) /* — */
        p += 3;
    for (int i = 0; i < 4; i++) {
        while (p < length && t[p] == ' ')
            p++;
        size_t e = p;
        while (e < length && ws_is_letter((unsigned char)t[e]) && !ws_is_upper((unsigned char)t[e]))
            e++;
        if (e == p || e - p > 20 || (e < length && t[e] != ' ' && t[e] != ','))
            return false;
        if (i == 0 && e - p > 4) /* the article */
            return false;
        if (i > 0 && e - p >= 3 && is_work_word(rules, t, p, e))
            return true;
        p = e + (e < length && t[e] == ',');
    }
    return false;
}

/* A quoted headline and its byline: ""The Living Room to close," by
 * Times' Ben Sisario".  Speech would take a cue there, not an author. */
static bool headline_with_byline(const ws_rules *rules, const ws_document *doc,
                                 const ws_found_quote *q)
{
    const char *t = doc->text;
    size_t length = doc->length;
    /* A headline opens its item: at the paragraph start or after a dash
     * or a colon ("NOW OPEN—"…""); inside a sentence, "by" names an agent
     * (the "ugliness of utterances," by Trump). */
    size_t b = q->open, s;
    while (b > doc->paragraphs.items[q->paragraph].start &&
           ws_is_space(ws_utf8_prev(t, b, &s)))
        b = s;
    if (b > doc->paragraphs.items[q->paragraph].start) {
        uint32_t c = ws_utf8_prev(t, b, NULL);
        if (c != 0x2014 && c != 0x2013 && c != '-' && c != ':')
            return false;
    }
    size_t p = q->close_end, e = q->end;
    while (e > q->start && (t[e - 1] == '\'' || t[e - 1] == '"')) /* "…'Neverland,'" */
        e--;
    bool comma = e > q->start && t[e - 1] == ',';
    if (!comma && p < length && t[p] == ',') { /* British: "…", by */
        comma = true;
        p++;
    }
    while (p < length && t[p] == ' ')
        p++;
    e = p;
    while (e < length && ws_is_letter((unsigned char)t[e]))
        e++;
    if (!comma || e == p || e >= length || t[e] != ' ' ||
        !ws_words_find_nocase(&rules->bylines, t + p, e - p))
        return false;
    size_t c = e + 1;
    return ws_is_upper(ws_utf8_next(t, length, &c));
}

/* The excerpt a newsletter gives after a headline and its byline:
 * ""…," by Times' Ben Sisario: "The Living Room, a …"".  It is the
 * article's text, not speech. */
bool ws_byline_excerpt(const ws_rules *rules, const ws_document *doc,
                           const ws_quote_list *quotes, size_t i)
{
    if (i == 0)
        return false;
    const ws_found_quote *q = &quotes->items[i], *h = &quotes->items[i - 1];
    if (h->paragraph != q->paragraph || q->open < h->close_end ||
        q->open - h->close_end > 120 ||
        !memchr(doc->text + h->close_end, ':', q->open - h->close_end))
        return false;
    return headline_with_byline(rules, doc, h);
}

/* A quoted title-case name (any short quote, where every noun is
 * capitalised) with a word that says it names a work: a show, book,
 * film or song ("on NBC's "Meet the Press."", "author of "Going
 * Viral,"", ""Chi-Raq," a movie"), or a headline with its byline.
 * Unlike ws_looks_like_title() it holds whatever punctuation ends the
 * quote and whatever speaker the sentence has, since the context is the
 * evidence.  Headlines are all in title case, so they are left alone. */
bool ws_names_a_work(const ws_rules *rules, const ws_document *doc,
                         const ws_found_quote *q)
{
    if (ws_document_is_headline(doc, q->paragraph))
        return false;
    if (headline_with_byline(rules, doc, q))
        return true;
    ws_span para = doc->paragraphs.items[q->paragraph];
    /* A line of related headlines further down: "Hillary Clinton Sides
     * With George W. Bush On 'Radical Islam.'" */
    if (in_title_case(doc->text, para.start, para.end, 40, false))
        return false;
    /* Where every noun is capitalised, a title is no more capitalised
     * than a sentence ("sein Buch „Cobra II – die wirkliche Geschichte
     * …“"): the word before or after it is the evidence. */
    if (!in_title_case(doc->text, q->start, q->end, 12, rules->capitalised_nouns))
        return false;
    return work_before(rules, doc->text, q) || work_after(rules, doc->text, doc->length, q);
}

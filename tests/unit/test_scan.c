/* scan.c through the public API: quote marks, apostrophes, nesting,
 * unclosed quotes and the nesting limit. */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

/* Extracts `text`, asserts it gives exactly `n` quotes whose words are
 * `words[i]`, and returns the result (caller frees). */
static ws_result *quotes_are_in(const ws_rules *rules, const char *text, size_t n,
                                const char *const *words)
{
    ws_result *r = NULL;
    ws_extractor *ex = ws_extractor_new(rules, 0, NULL);
    ck_assert_ptr_nonnull(ex);
    int err = ws_extract(ex, "test", text, strlen(text), &r);
    ws_extractor_free(ex);
    ck_assert_msg(err == WS_OK, "'%s': %s", text, ws_strerror(err));
    ck_assert_msg(ws_result_count(r) == n, "'%s': %zu quotes, expected %zu", text,
                  ws_result_count(r), n);
    for (size_t i = 0; i < n; i++)
        ck_assert_quote_text(text, ws_result_quote(r, i), words[i]);
    return r;
}

static ws_result *quotes_are(const char *text, size_t n, const char *const *words)
{
    return quotes_are_in(unit_rules(), text, n, words);
}

/* Dialogue dashes are read by the packs that keep them on (es, fr);
 * English turns them off.  German reads '' as wiki italics. */
static ws_rules *spanish, *german;

static void other_packs_fixture(void)
{
    int err = 0;
    spanish = ws_rules_load(RULES_DIR, "es", NULL, NULL, &err);
    ck_assert_msg(spanish != NULL, "es pack: error %d", err);
    german = ws_rules_load(RULES_DIR, "de", NULL, NULL, &err);
    ck_assert_msg(german != NULL, "de pack: error %d", err);
}

static void other_packs_release(void)
{
    ws_rules_free(spanish);
    ws_rules_free(german);
    spanish = german = NULL;
}

static ws_result *es_quotes_are(const char *text, size_t n, const char *const *words)
{
    return quotes_are_in(spanish, text, n, words);
}

static void one_quote_at(const char *text, size_t start, size_t end)
{
    ws_result *r = NULL;
    ck_assert_int_eq(unit_extract(text, &r), WS_OK);
    ck_assert_msg(ws_result_count(r) == 1, "'%s': %zu quotes", text, ws_result_count(r));
    const ws_quote *q = ws_result_quote(r, 0);
    ck_assert_msg(q->start == start && q->end == end, "'%s': [%zu,%zu) not [%zu,%zu)",
                  text, q->start, q->end, start, end);
    ws_result_free(r);
}

START_TEST(low_double_closed_by_straight)
{
    /* „…" in scraped German text closes with a straight mark. */
    const char *t = "\xE2\x80\x9E" "we have never seen this many, not once\", said Meyer.";
    const char *w[] = {"we have never seen this many, not once"};
    ws_result_free(quotes_are(t, 1, w));
}
END_TEST

START_TEST(french_incise_splits_guillemets)
{
    const char *t = "\xC2\xAB Nous avons perdu, a expliqué Karim Belkacem, délégué, "
                    "et la direction propose 2 %. \xC2\xBB";
    const char *w[] = {"Nous avons perdu", "et la direction propose 2 %."};
    ws_result_free(quotes_are(t, 2, w));
    const char *t2 = "\xC2\xAB La proposition est sur la table, a-t-elle précisé. "
                     "Nous attendons. \xC2\xBB";
    const char *w2[] = {"La proposition est sur la table", "Nous attendons."};
    ws_result_free(quotes_are(t2, 2, w2));
    /* A comma with no incise does not split. */
    const char *t3 = "\xC2\xAB Un jour, la ville changera. \xC2\xBB";
    const char *w3[] = {"Un jour, la ville changera."};
    ws_result_free(quotes_are(t3, 1, w3));
}
END_TEST

START_TEST(mid_paragraph_dialogue_dash)
{
    const char *t = "Le rindió un homenaje. \xE2\x80\x94" "Es una figura\xE2\x80\x94, dijo el "
                    "alcalde. \xE2\x80\x94" "Y nunca cambia.";
    const char *w[] = {"Es una figura", "Y nunca cambia."};
    ws_result_free(es_quotes_are(t, 2, w));
}
END_TEST

START_TEST(straight_double)
{
    one_quote_at("He said \"hello there\" and left.", 9, 20);
    const char *w[] = {"we are ready,", "and we mean it."};
    ws_result_free(quotes_are("\"we are ready,\" she said, \"and we mean it.\"", 2, w));
}
END_TEST

START_TEST(curly_double)
{
    /* “ is three bytes: the words start at 8 + 3. */
    one_quote_at("He said \xE2\x80\x9Chello there\xE2\x80\x9D and left.", 11, 22);
}
END_TEST

START_TEST(curly_single_british)
{
    one_quote_at("He said \xE2\x80\x98hello there\xE2\x80\x99 and left.", 11, 22);
    /* An apostrophe inside a single-quoted quote does not close it. */
    const char *t = "\xE2\x80\x98it\xE2\x80\x99s fine,\xE2\x80\x99 she said.";
    const char *w[] = {"it\xE2\x80\x99s fine,"};
    ws_result_free(quotes_are(t, 1, w));
    const char *t2 = "'it's fine,' she said.";
    const char *w2[] = {"it's fine,"};
    ws_result_free(quotes_are(t2, 1, w2));
}
END_TEST

START_TEST(german_low_high)
{
    /* „ (E2 80 9E) ... “ (E2 80 9C) */
    one_quote_at("Er sagte \xE2\x80\x9Ehallo Welt\xE2\x80\x9C und ging.", 12, 22);
    /* »…« (C2 BB ... C2 AB) */
    one_quote_at("Er sagte \xC2\xBBhallo Welt\xC2\xAB und ging.", 11, 21);
}
END_TEST

START_TEST(french_guillemets)
{
    /* « + U+00A0 ... U+00A0 + »: the no-break spaces are not quoted. */
    one_quote_at("Il a dit \xC2\xAB\xC2\xA0" "bonjour le monde\xC2\xA0\xC2\xBB et il est parti.",
                 13, 29);
    /* With U+202F narrow no-break spaces. */
    one_quote_at("Il dit \xC2\xAB\xE2\x80\xAF" "bonjour mes amis\xE2\x80\xAF\xC2\xBB ici.",
                 12, 28);
    /* And with plain spaces. */
    one_quote_at("Il dit \xC2\xAB bonjour mes amis \xC2\xBB ici.", 10, 26);
}
END_TEST

START_TEST(dialogue_dash)
{
    /* A paragraph that opens with an em dash (E2 80 94) is dialogue, cut at
     * the narrator's aside " —dice ...—". */
    const char *t = "\xE2\x80\x94" "Al principio me llamaban \xE2\x80\x94" "dice Ortega, en la plaza\xE2\x80\x94"
                    ". La gente tiene miedo.";
    const char *w[] = {"Al principio me llamaban", "La gente tiene miedo."};
    ws_result_free(es_quotes_are(t, 2, w));
    /* An aside that runs to the end of the paragraph. */
    const char *t2 = "\xE2\x80\x94" "Un cerrajero, como todos \xE2\x80\x94" "responde \xC3\xA9l.";
    const char *w2[] = {"Un cerrajero, como todos"};
    ws_result_free(es_quotes_are(t2, 1, w2));
    /* A spaced dash is punctuation inside the line, not an aside. */
    const char *t3 = "\xE2\x80\x94" "Vamos \xE2\x80\x94 todos juntos \xE2\x80\x94 a la plaza.";
    const char *w3[] = {"Vamos \xE2\x80\x94 todos juntos \xE2\x80\x94 a la plaza."};
    ws_result_free(es_quotes_are(t3, 1, w3));
    /* A dash and a bare name (a byline) is not dialogue; nor is a dash
     * inside a paragraph. */
    ws_result_free(es_quotes_are("\xE2\x80\x94 Christina Lastra", 0, NULL));
    ws_result_free(es_quotes_are("Ella lleg\xC3\xB3 \xE2\x80\x94" "tarde\xE2\x80\x94 a casa.", 0, NULL));
    /* English news has no dialogue dashes: a dash opens a list item. */
    ws_result_free(quotes_are("\xE2\x80\x94 Carol Lee of the Journal, winner of the award.", 0, NULL));
}
END_TEST

START_TEST(backticks_and_double_apostrophes)
{
    one_quote_at("He said ``hello there'' and left.", 10, 21);
    one_quote_at("He said ''hello there'' and left.", 10, 21);
}
END_TEST

START_TEST(double_apostrophes_off)
{
    /* `double-apostrophes off` (the German pack): '' is italics, neither a
     * double mark nor two single ones, and a real quote beside it stays. */
    ws_result_free(quotes_are_in(german, "Der Name lautet ''Homo sapiens'' (lat.).", 0, NULL));
    ws_result_free(quotes_are_in(german, "Das ist ''kursiv und offen.", 0, NULL));
    const char *w[] = {"Es geht los."};
    ws_result_free(quotes_are_in(german, "Die Art hei\xC3\x9Ft ''Homo sapiens''. M\xC3\xBCller "
                                         "sagte: \xE2\x80\x9E" "Es geht los.\xE2\x80\x9C", 1, w));
}
END_TEST

START_TEST(apostrophes_are_not_quotes)
{
    const char *texts[] = {
        "I don't think so.",
        "Well, it\xE2\x80\x99s late.",
        "We met at Hughes' house yesterday.",
        "It was big in the '90s, they said.",
        "It was big in the \xE2\x80\x99" "90s, they said.",
        "They played rock 'n' roll all night.",
        "They played rock \xE2\x80\x99n\xE2\x80\x99 roll all night.",
        "I don't think it's Hughes' house from the '90s, rock 'n' roll.",
        "I don\xE2\x80\x99t think it\xE2\x80\x99s Hughes\xE2\x80\x99 house from the "
        "\xE2\x80\x99" "90s, rock \xE2\x80\x99n\xE2\x80\x99 roll.",
        "The boys' bikes and the girls' bikes were gone.",
    };
    for (size_t i = 0; i < sizeof(texts) / sizeof(*texts); i++) {
        ws_result *r = NULL;
        ck_assert_int_eq(unit_extract(texts[i], &r), WS_OK);
        ck_assert_msg(ws_result_count(r) == 0, "'%s' gave %zu quotes", texts[i],
                      ws_result_count(r));
        ws_result_free(r);
    }
    /* Apostrophes inside a real quote stay inside it. */
    const char *t = "He said \"it's Hughes' house from the '90s\" today.";
    const char *w[] = {"it's Hughes' house from the '90s"};
    ws_result_free(quotes_are(t, 1, w));
}
END_TEST

START_TEST(nested_quotes_one_record)
{
    const char *t1 = "She said \xE2\x80\x9Che told me \xE2\x80\x98no way\xE2\x80\x99 today\xE2\x80\x9D and left.";
    const char *w1[] = {"he told me \xE2\x80\x98no way\xE2\x80\x99 today"};
    ws_result_free(quotes_are(t1, 1, w1));
    const char *t2 = "She said \"he told me 'no way' today\" and left.";
    const char *w2[] = {"he told me 'no way' today"};
    ws_result_free(quotes_are(t2, 1, w2));
    /* The same mark nested (scraped text): “ opens again after a space. */
    const char *t3 = "\xE2\x80\x9Che called it \xE2\x80\x9Cnonsense\xE2\x80\x9D twice,\xE2\x80\x9D she said.";
    const char *w3[] = {"he called it \xE2\x80\x9Cnonsense\xE2\x80\x9D twice,"};
    ws_result_free(quotes_are(t3, 1, w3));
}
END_TEST

START_TEST(unclosed_quote_ends_with_paragraph)
{
    const char *t = "He said \"this is never closed\n\nthen she wrote \"here we go again\" too.";
    ws_result *r = NULL;
    ck_assert_int_eq(unit_extract(t, &r), WS_OK);
    ck_assert_uint_eq(ws_result_count(r), 2);
    const ws_quote *q0 = ws_result_quote(r, 0), *q1 = ws_result_quote(r, 1);
    ck_assert_quote_text(t, q0, "this is never closed");
    ck_assert_uint_eq(q0->start, 9);
    ck_assert_uint_eq(q0->end, 29);   /* the paragraph's end, not beyond */
    ck_assert_uint_eq(q0->paragraph, 0);
    ck_assert_quote_text(t, q1, "here we go again");
    ck_assert_uint_eq(q1->paragraph, 1);
    ws_result_free(r);

    /* The multi-paragraph convention: the opening mark repeats. */
    const char *m = "\xE2\x80\x9Cthe first part of a long quote.\n\n"
                    "\xE2\x80\x9Cthe second part of it,\xE2\x80\x9D she said.";
    const char *w[] = {"the first part of a long quote.", "the second part of it,"};
    r = quotes_are(m, 2, w);
    ck_assert_uint_eq(ws_result_quote(r, 0)->paragraph, 0);
    ck_assert_uint_eq(ws_result_quote(r, 1)->paragraph, 1);
    ws_result_free(r);
}
END_TEST

/* n times "“words " (an opening mark after a space never closes). */
static char *nested_opens(size_t n)
{
    static const char unit[] = "\xE2\x80\x9C" "words ";
    size_t u = sizeof(unit) - 1;
    char *s = malloc(n * u + 1);
    ck_assert_ptr_nonnull(s);
    for (size_t i = 0; i < n; i++)
        memcpy(s + i * u, unit, u);
    s[n * u] = '\0';
    return s;
}

START_TEST(nesting_limit)
{
    /* Openers past the limit are text: the outermost quote stays, open to
     * the end of its paragraph, and the document is not lost. */
    char *s = nested_opens(10000);
    ws_result *r = NULL;
    ck_assert_int_eq(unit_extract(s, &r), WS_OK);
    ck_assert_uint_eq(ws_result_count(r), 1);
    ck_assert_uint_eq(ws_result_quote(r, 0)->start, 3);
    ws_result_free(r);
    free(s);
    /* The junk paragraph does not hide a real quote after it. */
    char *deep = nested_opens(WS_MAX_QUOTE_NESTING + 1);
    const char *tail = "\n\n\"We will rebuild,\" Ana Ruiz said.";
    s = malloc(strlen(deep) + strlen(tail) + 1);
    ck_assert_ptr_nonnull(s);
    strcpy(s, deep);
    strcat(s, tail);
    ck_assert_int_eq(unit_extract(s, &r), WS_OK);
    ck_assert_uint_eq(ws_result_count(r), 2);
    ck_assert_str_eq(ws_result_quote(r, 1)->speaker, "Ana Ruiz");
    ws_result_free(r);
    free(s);
    free(deep);
    /* A lower limit from ws_limits: the third level is read as text, so
     * the quote is the outer one, whole. */
    ws_limits lim = {0, 0, 2};
    const char *three = "she said \"a \xE2\x80\x9C" "bb 'cc' dd\xE2\x80\x9D e\" then.";
    ck_assert_int_eq(unit_extract_n(three, strlen(three), &lim, 0, &r), WS_OK);
    ck_assert_uint_eq(ws_result_count(r), 1);
    ck_assert_quote_text(three, ws_result_quote(r, 0), "a \xE2\x80\x9C" "bb 'cc' dd\xE2\x80\x9D e");
    ws_result_free(r);
}
END_TEST

START_TEST(argument_errors_and_empty)
{
    ws_result *r = (ws_result *)0x1;
    ws_extractor *ex = ws_extractor_new(unit_rules(), 0, NULL);
    ck_assert_ptr_nonnull(ex);
    ck_assert_int_eq(ws_extract(ex, "x", NULL, 0, &r), WS_OK);
    ck_assert_uint_eq(ws_result_count(r), 0);
    ws_result_free(r);
    ck_assert_int_eq(ws_extract(ex, "x", NULL, 5, &r), WS_ERR_ARGUMENT);
    ck_assert_int_eq(ws_extract(NULL, "x", "a", 1, &r), WS_ERR_ARGUMENT);
    ck_assert_int_eq(ws_extract(ex, "x", "a", 1, NULL), WS_ERR_ARGUMENT);
    /* Text need not be NUL-terminated: only `length` bytes are read. */
    const char t[] = "he said \"yes we really can\" and \"no\"";
    ck_assert_int_eq(ws_extract(ex, "x", t, 28, &r), WS_OK);
    ck_assert_uint_eq(ws_result_count(r), 1);
    ck_assert_quote_text(t, ws_result_quote(r, 0), "yes we really can");
    ck_assert_ptr_null(ws_result_quote(r, 1));
    ws_result_free(r);
    ws_extractor_free(ex);
    ck_assert_ptr_null(ws_extractor_new(NULL, 0, NULL));
    ws_result_free(NULL);
    ws_extractor_free(NULL);
    ck_assert_uint_eq(ws_result_count(NULL), 0);
}
END_TEST

/* Random documents built from quote marks, apostrophes, words, spaces and
 * line breaks: never a crash, and every record is well-formed. */
static unsigned long rng_state = 12345;

static unsigned rng(unsigned n)
{
    rng_state = rng_state * 6364136223846793005UL + 1442695040888963407UL;
    return (unsigned)((rng_state >> 33) % n);
}

#ifndef RANDOM_DOCS
#define RANDOM_DOCS 300
#endif

START_TEST(random_documents_are_safe)
{
    static const char *const pieces[] = {
        "\"", "'", "''", "``", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x98",
        "\xE2\x80\x99", "\xE2\x80\x9E", "\xE2\x80\x9A", "\xC2\xAB", "\xC2\xBB",
        "\xE2\x80\xB9", "\xE2\x80\xBA", "\xE3\x80\x8C", "\xE3\x80\x8D", "\xC2\xA0",
        " ", " ", " ", "\n", "\n\n", "\r\n", ".", ",", ":", "said", "says", "Ana Lobo",
        "he", "Ms", "word", "according to", "the spokesman", "\xFF", "\xE2\x80", "\x80",
        "\t", "(", ")", "-", "\xE2\x80\x94", "90s", "n", "it", "s",
    };
    const size_t np = sizeof(pieces) / sizeof(*pieces);
    ws_extractor *ex = ws_extractor_new(unit_rules(), 0, NULL);
    ck_assert_ptr_nonnull(ex);
    char text[2048];
    for (int doc = 0; doc < RANDOM_DOCS; doc++) {
        size_t len = 0, pieces_n = 1 + rng(120);
        for (size_t k = 0; k < pieces_n; k++) {
            const char *p = pieces[rng((unsigned)np)];
            size_t n = strlen(p);
            if (len + n >= sizeof(text))
                break;
            memcpy(text + len, p, n);
            len += n;
        }
        /* Extract from a heap copy of exactly `len` bytes (no NUL), so
         * reads past the end are caught by valgrind or ASan. */
        char *copy = malloc(len ? len : 1);
        ck_assert_ptr_nonnull(copy);
        memcpy(copy, text, len);
        ws_result *r = NULL;
        int err = ws_extract(ex, "rnd", copy, len, &r);
        ck_assert_msg(err == WS_OK || err == WS_ERR_TOO_LARGE, "doc %d: %s", doc,
                      ws_strerror(err));
        size_t prev_end = 0;
        for (size_t i = 0; i < ws_result_count(r); i++) {
            const ws_quote *q = ws_result_quote(r, i);
            ck_assert_uint_lt(q->start, q->end);
            ck_assert_uint_le(q->end, len);
            ck_assert_uint_ge(q->start, prev_end);   /* ordered, disjoint */
            prev_end = q->end;
            if (q->mention_start != WS_NONE) {
                ck_assert_uint_le(q->mention_start, q->mention_end);
                ck_assert_uint_le(q->mention_end, len);
            }
            if (q->cue_start != WS_NONE) {
                ck_assert_uint_lt(q->cue_start, q->cue_end);
                ck_assert_uint_le(q->cue_end, len);
            }
            ck_assert(q->confidence >= 0 && q->confidence <= 1);
        }
        ws_result_free(r);
        free(copy);
    }
    ws_extractor_free(ex);
}
END_TEST

Suite *scan_suite(void)
{
    Suite *s = suite_create("scan");
    TCase *tc = tcase_create("quotes");
    tcase_add_unchecked_fixture(tc, unit_rules_fixture, NULL);
    tcase_add_unchecked_fixture(tc, other_packs_fixture, other_packs_release);
    tcase_add_test(tc, straight_double);
    tcase_add_test(tc, curly_double);
    tcase_add_test(tc, curly_single_british);
    tcase_add_test(tc, german_low_high);
    tcase_add_test(tc, french_guillemets);
    tcase_add_test(tc, dialogue_dash);
    tcase_add_test(tc, backticks_and_double_apostrophes);
    tcase_add_test(tc, double_apostrophes_off);
    tcase_add_test(tc, apostrophes_are_not_quotes);
    tcase_add_test(tc, nested_quotes_one_record);
    tcase_add_test(tc, unclosed_quote_ends_with_paragraph);
    tcase_add_test(tc, nesting_limit);
    tcase_add_test(tc, low_double_closed_by_straight);
    tcase_add_test(tc, french_incise_splits_guillemets);
    tcase_add_test(tc, mid_paragraph_dialogue_dash);
    tcase_add_test(tc, argument_errors_and_empty);
    tcase_add_test(tc, random_documents_are_safe);
    suite_add_tcase(s, tc);
    return s;
}

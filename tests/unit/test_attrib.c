/* attribute.c through ws_extract: speakers, cues, rules and kinds on short
 * texts about fictional people. */
#include "unit.h"

#include <string.h>
#include <strings.h>

static ws_result *result;

/* Another language's pack, for the tests of pack settings and rules;
 * loaded when a test first asks for it, reloaded for another language. */
static ws_rules *pack;
static ws_extractor *pack_extractor;

static void teardown(void)
{
    ws_result_free(result);
    result = NULL;
    ws_extractor_free(pack_extractor);
    ws_rules_free(pack);
    pack_extractor = NULL;
    pack = NULL;
}

/* Extracts `text` with the `lang` pack into `result`; returns the count. */
static size_t extract_in(const char *lang, const char *text)
{
    int err = 0;
    if (pack && strcmp(ws_rules_lang(pack), lang)) {
        ws_extractor_free(pack_extractor);
        ws_rules_free(pack);
        pack = NULL;
    }
    if (!pack) {
        pack = ws_rules_load(RULES_DIR, lang, NULL, NULL, &err);
        ck_assert_ptr_nonnull(pack);
        pack_extractor = ws_extractor_new(pack, 0, NULL);
        ck_assert_ptr_nonnull(pack_extractor);
    }
    ws_result_free(result);
    result = NULL;
    ck_assert_int_eq(ws_extract(pack_extractor, "doc", text, strlen(text), &result), WS_OK);
    return ws_result_count(result);
}

static size_t extract_german(const char *text)
{
    return extract_in("de", text);
}

/* Extracts `text` and returns quote `i` (asserting there are `n`). */
static const ws_quote *extract(const char *text, size_t n, size_t i)
{
    ws_result_free(result);
    result = NULL;
    ck_assert_int_eq(unit_extract(text, &result), WS_OK);
    ck_assert_msg(ws_result_count(result) == n, "'%s': %zu quotes, expected %zu", text,
                  ws_result_count(result), n);
    return ws_result_quote(result, i);
}

/* The speaker/cue/mention strings agree with their offsets in `text`. */
static void offsets_agree(const char *text, const ws_quote *q)
{
    if (q->mention) {
        ck_assert_uint_ne(q->mention_start, WS_NONE);
        ck_assert_uint_eq(q->mention_end - q->mention_start, strlen(q->mention));
        ck_assert_int_eq(memcmp(text + q->mention_start, q->mention, strlen(q->mention)), 0);
    } else {
        ck_assert_uint_eq(q->mention_start, WS_NONE);
        ck_assert_uint_eq(q->mention_end, WS_NONE);
    }
    if (q->cue) {
        ck_assert_uint_ne(q->cue_start, WS_NONE);
        ck_assert_uint_eq(q->cue_end - q->cue_start, strlen(q->cue));
        ck_assert_int_eq(memcmp(text + q->cue_start, q->cue, strlen(q->cue)), 0);
    } else {
        ck_assert_uint_eq(q->cue_start, WS_NONE);
    }
    ck_assert(q->confidence > 0 && q->confidence <= 1);
}

START_TEST(quote_then_name_then_cue)
{
    const char *t = "\"The river is rising fast,\" Jane Smith said.";
    const ws_quote *q = extract(t, 1, 0);
    ck_assert_quote_text(t, q, "The river is rising fast,");
    ck_assert_str_eq(q->speaker, "Jane Smith");
    ck_assert_str_eq(q->mention, "Jane Smith");
    ck_assert_uint_eq(q->mention_start, 28);
    ck_assert_uint_eq(q->mention_end, 38);
    ck_assert_str_eq(q->cue, "said");
    ck_assert_str_eq(q->rule, "after-speaker-cue");
    ck_assert_int_eq(q->kind, WS_KIND_DIRECT);
    ck_assert_uint_eq(q->paragraph, 0);
    ck_assert_uint_eq(q->sentence, 0);
    offsets_agree(t, q);
}
END_TEST

/* Sentences are counted within their paragraph; only the paragraphs
 * near a quote are segmented, and those far from it must not shift the
 * count. */
START_TEST(sentence_index_within_paragraph)
{
    const char *t = "The mill closed. Nobody came. It rained.\n\n"
                    "The mayor arrived late. She sat down. \"We will rebuild,\" Ana Ruiz said.\n\n"
                    "Work starts in May. Nobody objected.";
    const ws_quote *q = extract(t, 1, 0);
    ck_assert_uint_eq(q->paragraph, 1);
    ck_assert_uint_eq(q->sentence, 2);
    ck_assert_str_eq(q->speaker, "Ana Ruiz");
}
END_TEST

START_TEST(quote_then_cue_then_name)
{
    const char *t = "\"The river is rising fast,\" said Tom Reyes.";
    const ws_quote *q = extract(t, 1, 0);
    ck_assert_str_eq(q->speaker, "Tom Reyes");
    ck_assert_str_eq(q->mention, "Tom Reyes");
    ck_assert_str_eq(q->cue, "said");
    ck_assert_int_eq(q->kind, WS_KIND_DIRECT);
    ck_assert_ptr_nonnull(strstr(q->rule, "after"));
    offsets_agree(t, q);
}
END_TEST

START_TEST(title_name_cue_colon_quote)
{
    const char *t = "Mayor Ana Lobo said: \"We will rebuild the bridge.\"";
    const ws_quote *q = extract(t, 1, 0);
    ck_assert_quote_text(t, q, "We will rebuild the bridge.");
    ck_assert_str_eq(q->speaker, "Ana Lobo");   /* the title is not the name */
    ck_assert_ptr_nonnull(q->mention);
    ck_assert_ptr_nonnull(strstr(q->mention, "Ana Lobo"));
    ck_assert_str_eq(q->cue, "said");
    ck_assert_ptr_nonnull(strstr(q->rule, "before"));
    ck_assert_int_eq(q->kind, WS_KIND_DIRECT);
    offsets_agree(t, q);
}
END_TEST

START_TEST(split_quote_same_speaker)
{
    const char *t = "\"We will rebuild,\" Ana Lobo said, \"and we will do it fast.\"";
    const ws_quote *q0 = extract(t, 2, 0);
    const ws_quote *q1 = ws_result_quote(result, 1);
    ck_assert_quote_text(t, q0, "We will rebuild,");
    ck_assert_quote_text(t, q1, "and we will do it fast.");
    ck_assert_str_eq(q0->speaker, "Ana Lobo");
    ck_assert_str_eq(q1->speaker, "Ana Lobo");
    ck_assert_str_eq(q0->cue, "said");
    offsets_agree(t, q0);
    offsets_agree(t, q1);
}
END_TEST

START_TEST(according_to)
{
    const char *t = "According to Ana Lobo, \"the bridge is safe.\"";
    const ws_quote *q = extract(t, 1, 0);
    ck_assert_str_eq(q->speaker, "Ana Lobo");
    ck_assert_ptr_nonnull(q->cue);
    ck_assert_int_eq(strncasecmp(q->cue, "according to", 12), 0);
    offsets_agree(t, q);
    /* And after the quote. */
    t = "\"The bridge is safe,\" according to Ana Lobo.";
    q = extract(t, 1, 0);
    ck_assert_str_eq(q->speaker, "Ana Lobo");
    offsets_agree(t, q);
}
END_TEST

START_TEST(surname_widened_to_full_name)
{
    const char *t = "Ana Lobo is the mayor of Eastfield.\n\n"
                    "\"We will rebuild,\" Ms Lobo said.";
    const ws_quote *q = extract(t, 1, 0);
    ck_assert_str_eq(q->speaker, "Ana Lobo");
    ck_assert_ptr_nonnull(q->mention);
    ck_assert_ptr_nonnull(strstr(q->mention, "Lobo"));
    ck_assert_ptr_null(strstr(q->mention, "Ana"));  /* the surface form */
    ck_assert_uint_eq(q->paragraph, 1);
    ck_assert_ptr_nonnull(q->resolution);
    offsets_agree(t, q);
    /* Without an earlier full name, the mention is the speaker. */
    t = "\"We will rebuild,\" Lobo said.";
    q = extract(t, 1, 0);
    ck_assert_str_eq(q->speaker, "Lobo");
}
END_TEST

/* A two-word particle of particles.txt stays inside a name, but not in a
 * pack whose every noun is capitalised (capitalised-nouns on). */
START_TEST(two_word_particle_in_name)
{
    const char *t = "Commission President Ursula von der Leyen said: \"We act now.\"\n\n"
                    "\"It is urgent,\" von der Leyen added.";
    ck_assert_str_eq(extract(t, 2, 0)->speaker, "Ursula von der Leyen");
    ck_assert_str_eq(extract(t, 2, 1)->speaker, "Ursula von der Leyen");
    ck_assert_uint_eq(extract_german("Angela Merkel tritt ab. Sie nimmt Abschied von der Macht. "
                                     "Sie erkl\xC3\xA4rt: \xE2\x80\x9EIch gehe in Frieden.\xE2\x80\x9C"),
                      1);
    ck_assert_str_eq(ws_result_quote(result, 0)->speaker, "Angela Merkel");
}
END_TEST

/* A middle initial stays in the name (it is no article "A", and ICU's
 * sentence break after it is not one); a generational suffix is no
 * surname, so two men called "Jr." stay two people, and "Kennedy Jr." is
 * not widened to another Kennedy. */
START_TEST(initials_and_suffixes_in_names)
{
    const char *t = "Sen. Mary A. Holt said the bill was \"a disgrace to the chamber.\"";
    ck_assert_str_eq(extract(t, 1, 0)->speaker, "Mary A. Holt");
    t = "Yesterday Tom H.W. Bard said \"it is over\" and left.";
    ck_assert_uint_eq(extract(t, 1, 0)->sentence, 0);
    ck_assert_str_eq(ws_result_quote(result, 0)->speaker, "Tom H.W. Bard");
    t = "\"It is late,\" said Jock A. Finlay, head of the council.";
    ck_assert_str_eq(extract(t, 1, 0)->speaker, "Jock A. Finlay");
    ck_assert_str_eq(ws_result_quote(result, 0)->mention, "Jock A. Finlay, head of the council");
    t = "\"We will fight,\" said Carl Dunne Jr., standing nearby.\n\n"
        "\"We will win,\" said Owen Pratt Jr.\n\n"
        "\"Yes,\" said Paul R. Dunne.\n\n"
        "\"No,\" Paul Dunne Jr. said.";
    /* The period is kept where it is the suffix's, not the sentence's. */
    ck_assert_str_eq(extract(t, 4, 0)->speaker, "Carl Dunne Jr.");
    ck_assert_str_eq(extract(t, 4, 1)->speaker, "Owen Pratt Jr");
    ck_assert_str_eq(extract(t, 4, 2)->speaker, "Paul R. Dunne");
    ck_assert_str_eq(extract(t, 4, 3)->speaker, "Paul Dunne Jr.");
    /* A leading initial before the given name. */
    t = "\"It's a coin flip,\" said J. Ann Selzer, a pollster.\n\n\"Close,\" Selzer added.";
    ck_assert_str_eq(extract(t, 2, 1)->speaker, "J. Ann Selzer");
    /* A surname that is also a title ("King") with a suffix. */
    t = "\"We shall overcome,\" said Amos Lee King Jr.";
    ck_assert_str_eq(extract(t, 1, 0)->speaker, "Amos Lee King Jr");
}
END_TEST

/* A cue that ends in a colon introduces the quote after it, not the one
 * before; the one before keeps the paragraph's earlier speaker. */
START_TEST(cue_with_colon_introduces_next_quote)
{
    const char *t = "\"We are refugees,\" Ms. Nour said. \"We are not criminals.\" "
                    "Mr. Haddad said: \"We ran from this.\"";
    ck_assert_str_eq(extract(t, 3, 1)->speaker, "Nour");
    ck_assert_str_eq(extract(t, 3, 2)->speaker, "Haddad");
    t = "The port manager, Dan Albright, said the boats were late. \"That is the point.\" "
        "Ms. Ostrow said: \"We will meet first.\"";
    ck_assert_str_eq(extract(t, 2, 0)->speaker, "Dan Albright");
    ck_assert_str_eq(extract(t, 2, 1)->speaker, "Ostrow");
}
END_TEST

/* A quote that opens a sentence is direct however short; a one-word
 * nickname after an initial is not one. */
START_TEST(short_sentence_quote_is_direct)
{
    const char *t = "\"It is done,\" Mayor Ana Ruiz said. \"We won.\"";
    ck_assert_int_eq(extract(t, 2, 1)->kind, WS_KIND_DIRECT);
    t = "Mayor Ana Ruiz said the vote was \"a close one\" and left.";
    ck_assert_int_eq(extract(t, 1, 0)->kind, WS_KIND_PARTIAL);
}
END_TEST

/* A body (roles.txt tags it @neuter) is an "it" or a "they": "she" looks
 * past it to the last woman who spoke. */
START_TEST(pronoun_skips_a_body_of_another_gender)
{
    const char *t = "\"We will appeal,\" said Dora Finch.\n\n"
                    "The county's office said it \"respectfully disagrees.\"\n\n"
                    "\"No voter shall be removed,\" she wrote.";
    ck_assert_str_eq(extract(t, 3, 1)->speaker, "The county's office");
    ck_assert_str_eq(extract(t, 3, 2)->speaker, "Dora Finch");
    t = "\"We will appeal,\" said Dora Finch.\n\n"
        "\"It is wrong,\" the board said.\n\n"
        "\"We will not stop,\" they said.";
    ck_assert_str_eq(extract(t, 3, 2)->speaker, "the board");
}
END_TEST

/* A role after a possessive is the object it modifies, not a speaker:
 * "from its voter rolls, calling ..." names no "voter". */
START_TEST(role_after_possessive_is_no_speaker)
{
    const char *t = "A federal judge blocked the county from removing people from its voter "
                    "rolls, calling the process \"sloppy at best.\"";
    const ws_quote *q = extract(t, 1, 0);
    ck_assert_ptr_nonnull(q->speaker);
    ck_assert_ptr_null(strstr(q->speaker, "voter"));
}
END_TEST

/* The pack's anaphor ("the 23-year-old") is the person its paragraph
 * names; with no one named there it stays as written. */
START_TEST(age_description_points_back)
{
    const char *t = "Striker Lena Marsh, who scored twice, was delighted. "
                    "\"I have dreamed of this,\" the 23-year-old said.";
    ck_assert_str_eq(extract(t, 1, 0)->speaker, "Lena Marsh");
    ck_assert_str_eq(ws_result_quote(result, 0)->mention, "the 23-year-old");
    t = "Tony Adebayo praised his side.\n\n\"It was easy,\" said the 31-year-old.";
    ck_assert_str_eq(extract(t, 1, 0)->speaker, "the 31-year-old");
}
END_TEST

/* Short lower-case words that are not a title's (of, the, and) make a
 * one-capital quote a sentence: the headline's quote is kept, a title
 * with a lower-case "is" still is not a quote. */
START_TEST(sentence_case_quote_is_no_title)
{
    const char *t = "'We owed them one': Rovers stun the champions\n\n"
                    "Rovers knocked the holders out of the cup.\n\n"
                    "The fans sang until midnight.";
    ck_assert_int_eq(extract(t, 1, 0)->kind, WS_KIND_HEADLINE);
    ck_assert_uint_eq(extract("Her show \"Orange is the New Black\" ends.", 0, 0) == NULL, 1);
}
END_TEST

/* A particle opening a sentence in capitals is still the particle, no
 * given name that would make "De Vries" someone else. */
START_TEST(particle_at_sentence_start)
{
    const char *t = "The boss, Pieter de Vries, refused to blame the pitch.\n\n"
                    "Asked about his job, De Vries replied: \"That is not for me to say.\"";
    ck_assert_str_eq(extract(t, 1, 0)->speaker, "Pieter de Vries");
}
END_TEST

/* French and Spanish roles: an elided article inside the role ("de
 * l'entreprise"), an adjective read to its end ("sindicales"), a minister
 * with the name in apposition; a quote that is a sentence with its full
 * stop after the mark is direct. */
START_TEST(french_and_spanish_roles)
{
    ck_assert_uint_eq(extract_in("fr", "\xC2\xAB Restez chez vous \xC2\xBB, a d\xC3\xA9" "clar\xC3\xA9 "
                                       "un porte-parole de l'entreprise."),
                      1);
    ck_assert_str_eq(ws_result_quote(result, 0)->speaker, "un porte-parole de l'entreprise");
    ck_assert_uint_eq(extract_in("es", "Seg\xC3\xBAn fuentes sindicales, la reforma \"llega tarde\"."),
                      1);
    ck_assert_str_eq(ws_result_quote(result, 0)->speaker, "fuentes sindicales");
    ck_assert_uint_eq(extract_in("es", "\"Es un d\xC3\xAD" "a hist\xC3\xB3rico\", dijo el ministro de "
                                       "Trabajo, Pedro Lobo, en rueda de prensa. \"Hemos cumplido\"."),
                      2);
    ck_assert_str_eq(ws_result_quote(result, 0)->speaker, "Pedro Lobo");
    ck_assert_int_eq(ws_result_quote(result, 1)->kind, WS_KIND_DIRECT);
}
END_TEST

/* Who did not speak is no speaker: a quote after "X did not respond"
 * is not X's; "himself" may stand between a speaker and the verb. */
START_TEST(negated_cue_gives_no_speaker)
{
    const char *t = "The mayor's spokeswoman, Ada Pike, did not respond to a request for "
                    "comment. \"We will see,\" a resident shouted.";
    ck_assert_str_eq(extract(t, 1, 0)->speaker, "a resident");
    t = "Ada Pike, the spokeswoman, did not respond to a request. But later a post "
        "appeared online: \"No comment!\"";
    ck_assert_ptr_null(extract(t, 1, 0)->speaker);
    t = "Ada Pike himself wrote on Monday: \"No comment!\"";
    ck_assert_str_eq(extract(t, 1, 0)->speaker, "Ada Pike");
}
END_TEST

/* A pronoun does not point back to a lone capitalised word of its own
 * sentence (an opener, an acronym, a German noun): the last speaker
 * stands. */
START_TEST(pronoun_skips_lone_capitalised_word)
{
    const char *t = "\"We will win,\" said Tom Reyes.\n\n"
                    "Sure, the polls look bad, he said, \"but we are not done.\"";
    ck_assert_str_eq(extract(t, 2, 1)->speaker, "Tom Reyes");
    ck_assert_uint_eq(extract_german("Personalvorstand Martin Seiler sprach von einem "
                                     "\xE2\x80\x9ESchlag ins Gesicht der Reisenden\xE2\x80\x9C. Die Forderungen "
                                     "der GDL seien \xE2\x80\x9Eunerf\xC3\xBCllbar\xE2\x80\x9C, "
                                     "erkl\xC3\xA4rte er."),
                      2);
    ck_assert_str_eq(ws_result_quote(result, 1)->speaker, "Martin Seiler");
}
END_TEST

/* "Name sagte der Zeitung: „…“": the name before the verb speaks, not
 * the dative object after it. */
START_TEST(german_subject_before_say_with_object)
{
    ck_assert_uint_eq(extract_german("Deren Sprecher Karl Naumann sagte der Deutschen "
                                     "Presse-Agentur: \xE2\x80\x9E" "Beide Seiten m\xC3\xBCssen "
                                     "sich bewegen.\xE2\x80\x9C"),
                      1);
    ck_assert_str_eq(ws_result_quote(result, 0)->speaker, "Karl Naumann");
}
END_TEST

/* An office of several words ("Secretary of State") is a title, not the
 * speaker; a body's name stays whole, not cut to two words as a
 * person's is; a description after the quote keeps a title's period and
 * gives the name in apposition. */
START_TEST(offices_bodies_and_descriptions)
{
    ck_assert_str_eq(extract("\"It is over,\" said Secretary of State Jon Kerr.", 1, 0)->speaker,
                     "Jon Kerr");
    /* A role with the name in apposition after the quote: the name. */
    ck_assert_str_eq(extract("\"The decline is fast,\" the study's author, Penny Aber, wrote.", 1, 0)
                         ->speaker,
                     "Penny Aber");
    /* A title's or initials' period inside a description. */
    ck_assert_str_eq(extract("\"It is a movement,\" said the younger Mr. Reyes, smiling.", 1, 0)->speaker,
                     "the younger Mr. Reyes");
    ck_assert_str_eq(extract("\"Yes,\" said a senior U.S. official.", 1, 0)->speaker,
                     "a senior U.S. official");
    ck_assert_str_eq(extract("The Senate Armed Services Committee said the text was "
                             "\"perfectly clear.\"", 1, 0)->speaker,
                     "Senate Armed Services Committee");
}
END_TEST

START_TEST(continuation_paragraph)
{
    const char *t = "\"We will rebuild the bridge,\" Ana Lobo said.\n\n"
                    "\"It will take two years and cost a lot of money.\"";
    const ws_quote *q0 = extract(t, 2, 0);
    const ws_quote *q1 = ws_result_quote(result, 1);
    ck_assert_str_eq(q0->speaker, "Ana Lobo");
    ck_assert_int_eq(q0->kind, WS_KIND_DIRECT);
    ck_assert_uint_eq(q1->paragraph, 1);
    ck_assert_int_eq(q1->kind, WS_KIND_CONTINUATION);
    ck_assert_ptr_nonnull(q1->speaker);
    ck_assert_str_eq(q1->speaker, "Ana Lobo");
    ck_assert_ptr_null(q1->cue);
    offsets_agree(t, q1);
    ck_assert_str_eq(ws_kind_name(q1->kind), "continuation");
}
END_TEST

START_TEST(pronoun_resolved_to_previous_person)
{
    const char *t = "Tom Reyes runs the ferry.\n\n\"The water is too high,\" he said.";
    const ws_quote *q = extract(t, 1, 0);
    ck_assert_ptr_nonnull(q->speaker);
    ck_assert_str_eq(q->speaker, "Tom Reyes");
    ck_assert_str_eq(q->mention, "he");
    ck_assert_str_eq(q->cue, "said");
    offsets_agree(t, q);
}
END_TEST

START_TEST(unattributed_quote_has_no_speaker)
{
    const char *t = "The sign read \"closed for repairs until spring\" last week.";
    const ws_quote *q = extract(t, 1, 0);
    ck_assert_ptr_null(q->speaker);
    ck_assert_ptr_null(q->mention);
    ck_assert_uint_eq(q->mention_start, WS_NONE);
    offsets_agree(t, q);
}
END_TEST

START_TEST(kind_names)
{
    ck_assert_str_eq(ws_kind_name(WS_KIND_DIRECT), "direct");
    ck_assert_str_eq(ws_kind_name(WS_KIND_PARTIAL), "partial");
    ck_assert_str_eq(ws_kind_name(WS_KIND_CONTINUATION), "continuation");
    ck_assert_str_eq(ws_kind_name(WS_KIND_HEADLINE), "headline");
    ck_assert_str_eq(ws_version(), WS_VERSION_STRING);
    ck_assert_str_eq(ws_strerror(WS_OK), "success");
    ck_assert_str_eq(ws_strerror(WS_ERR_RULES), "invalid rules");
    ck_assert_ptr_nonnull(ws_strerror(-999));
}
END_TEST

/* Regression: looks_like_title() dropped speakerless quotes made only of
 * short lower-case words; a title needs a capitalised word. */
START_TEST(short_lowercase_quote_is_kept)
{
    const char *t = "The crowd chanted \"yes we can\" for an hour.";
    const ws_quote *q = extract(t, 1, 0);
    ck_assert_quote_text(t, q, "yes we can");
    t = "Il dit \xC2\xAB oui bien \xC2\xBB ici.";
    q = extract(t, 1, 0);
    ck_assert_quote_text(t, q, "oui bien");
}
END_TEST

/* A title-case name after a word of works.txt, a possessive or with an
 * article and such a word after it names a work, whatever the speaker of
 * its sentence; so does a headline with its byline, and its excerpt. */
START_TEST(names_of_works_are_dropped)
{
    const char *t = "Ann Lee said on NBC's \"Meet the Press,\" that she would run.";
    extract(t, 0, 0);
    extract("Tom Ray, author of \"Going Viral,\" said he was tired.", 0, 0);
    extract("He loved \"Chi-Raq,\" a movie about Chicago.", 0, 0);
    extract("NEW\xE2\x80\x94\"City museum gets a new director,\" by Times' Ann Lee: "
            "\"The museum named Ms. Ray on Monday.\"", 0, 0);
    /* A sentence quoted after the same words is speech. */
    t = "On the show, \"We will win this race,\" she said.";
    const ws_quote *q = extract(t, 1, 0);
    ck_assert_quote_text(t, q, "We will win this race,");
}
END_TEST

/* Where every noun is capitalised, a title is no more capitalised than a
 * sentence: after a word of works.txt (a genitive form, a club) it is
 * dropped all the same; speech that names a book is kept. */
START_TEST(german_titles_not_in_title_case)
{
    ck_assert_uint_eq(extract_german("In seinem Buch \xE2\x80\x9E" "Der lange Weg nach Hause und "
                                     "wieder zur\xC3\xBC" "ck\xE2\x80\x9C beschreibt er seine Kindheit."),
                      0);
    ck_assert_uint_eq(extract_german("Der Verein \xE2\x80\x9E" "B\xC3\xBCrger f\xC3\xBCr "
                                     "bezahlbaren Wohnraum in allen Vierteln\xE2\x80\x9C "
                                     "sammelt Spenden."),
                      0);
    ck_assert_uint_eq(extract_german("Laut einem Test des Magazins \xE2\x80\x9E" "auto und "
                                     "technik heute\xE2\x80\x9C ist das Auto sparsam."),
                      0);
    ck_assert_uint_eq(extract_german("Anna Roth sagte: \xE2\x80\x9E" "Das Buch hat mir sehr "
                                     "gefallen.\xE2\x80\x9C"),
                      1);
    /* A lowercase word and a noun are a German phrase, not a title in
     * title case: the speaker's words, kept. */
    ck_assert_uint_eq(extract_german("\xE2\x80\x9EWir klagen\xE2\x80\x9C, sagte Anna Roth. "
                                     "Der Wald sei \xE2\x80\x9Ekein Industriegebiet\xE2\x80\x9C."),
                      2);
    ck_assert_str_eq(ws_result_quote(result, 1)->speaker, "Anna Roth");
}
END_TEST

Suite *attrib_suite(void)
{
    Suite *s = suite_create("attrib");
    TCase *tc = tcase_create("speakers");
    tcase_add_unchecked_fixture(tc, unit_rules_fixture, NULL);
    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_add_test(tc, quote_then_name_then_cue);
    tcase_add_test(tc, quote_then_cue_then_name);
    tcase_add_test(tc, sentence_index_within_paragraph);
    tcase_add_test(tc, title_name_cue_colon_quote);
    tcase_add_test(tc, split_quote_same_speaker);
    tcase_add_test(tc, according_to);
    tcase_add_test(tc, surname_widened_to_full_name);
    tcase_add_test(tc, two_word_particle_in_name);
    tcase_add_test(tc, continuation_paragraph);
    tcase_add_test(tc, pronoun_resolved_to_previous_person);
    tcase_add_test(tc, unattributed_quote_has_no_speaker);
    tcase_add_test(tc, kind_names);
    tcase_add_test(tc, short_lowercase_quote_is_kept);
    tcase_add_test(tc, names_of_works_are_dropped);
    tcase_add_test(tc, german_titles_not_in_title_case);
    tcase_add_test(tc, initials_and_suffixes_in_names);
    tcase_add_test(tc, cue_with_colon_introduces_next_quote);
    tcase_add_test(tc, short_sentence_quote_is_direct);
    tcase_add_test(tc, pronoun_skips_a_body_of_another_gender);
    tcase_add_test(tc, role_after_possessive_is_no_speaker);
    tcase_add_test(tc, age_description_points_back);
    tcase_add_test(tc, sentence_case_quote_is_no_title);
    tcase_add_test(tc, particle_at_sentence_start);
    tcase_add_test(tc, french_and_spanish_roles);
    tcase_add_test(tc, negated_cue_gives_no_speaker);
    tcase_add_test(tc, pronoun_skips_lone_capitalised_word);
    tcase_add_test(tc, german_subject_before_say_with_object);
    tcase_add_test(tc, offices_bodies_and_descriptions);
    suite_add_tcase(s, tc);
    return s;
}

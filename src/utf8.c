/* UTF-8 decoding and the few character classes the scanners need. */
#include "internal.h"

#include <unicode/uchar.h>

size_t ws_utf8_valid_length(const char *str, size_t len, size_t pos)
{
    const unsigned char *s = (const unsigned char *)str;
    unsigned char c = s[pos];
    size_t n;
    uint32_t cp, min;

    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2; cp = c & 0x1F; min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3; cp = c & 0x0F; min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4; cp = c & 0x07; min = 0x10000;
    } else {
        return 0; /* continuation byte, overlong lead, 0xF5..0xFF */
    }
    if (pos + n > len)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[pos + i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[pos + i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0; /* overlong, out of range, or a surrogate */
    return n;
}

uint32_t ws_utf8_next_wide(const char *str, size_t len, size_t *pos)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t p = *pos;
    size_t n = ws_utf8_valid_length(str, len, p);
    if (n == 0) {
        *pos = p + 1;
        return 0xFFFD;
    }
    uint32_t cp = s[p] & (0xFF >> (n + 1));
    for (size_t i = 1; i < n; i++)
        cp = (cp << 6) | (s[p + i] & 0x3F);
    *pos = p + n;
    return cp;
}

uint32_t ws_utf8_prev(const char *str, size_t pos, size_t *start)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t p = pos - 1;
    /* Back over at most three continuation bytes. */
    while (p > 0 && pos - p < 4 && (s[p] & 0xC0) == 0x80)
        p--;
    size_t q = p;
    uint32_t c = ws_utf8_next(str, pos, &q);
    if (q != pos) { /* not a whole sequence ending at pos */
        p = pos - 1;
        c = 0xFFFD;
    }
    if (start)
        *start = p;
    return c;
}

bool ws_is_space_wide(uint32_t c)
{
    return c == 0xA0 || c == 0x202F || c == 0x2009 || c == 0x200B ||
           c == 0xFEFF || u_isUWhiteSpace((UChar32)c);
}

bool ws_is_letter_wide(uint32_t c)
{
    return u_isalpha((UChar32)c);
}

bool ws_is_upper_wide(uint32_t c)
{
    return u_isupper((UChar32)c) || u_istitle((UChar32)c);
}

bool ws_is_digit_wide(uint32_t c)
{
    return u_isdigit((UChar32)c);
}

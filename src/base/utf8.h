/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * utf8.h — decoding UTF-8 one code point at a time. Every module that walks
 * text by character uses this, so that "a character" means the same thing
 * everywhere (and the same as eSpeak's text_position, which counts code points).
 * Policy: overlong forms, surrogates and code points above U+10FFFF are invalid.
 */
#ifndef TB_UTF8_H
#define TB_UTF8_H

#include <stddef.h>

/* Decode the code point at s[0..n). Returns its length in bytes (1–4) and
 * stores it in *cp; returns 0 if the bytes there are not valid UTF-8 (then
 * *cp is U+FFFD) or n == 0. */
size_t tb_utf8_decode(const char *s, size_t n, unsigned *cp);

/* Number of code points in a valid UTF-8 string of n bytes. */
size_t tb_utf8_count(const char *s, size_t n);

/* True if cp is a CJK unified ideograph (the Han characters we speak). */
int tb_is_han(unsigned cp);

/* True for the white space a page uses between words or for indentation:
 * ASCII space and tab, no-break space, the en/em spaces, ideographic space. */
int tb_is_space(unsigned cp);

#endif

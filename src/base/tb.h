/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tb.h — what every tingbao module shares: the one status enum and its
 * message, and the diagnostic record that says where in the input a problem is.
 *
 * Ownership rule (holds in every header of this project): a function that
 * returns a pointer documents who frees it; `_new` pairs with `_free`;
 * strings passed in are borrowed for the duration of the call only.
 * Library code never prints and never exits: it returns a tb_status and,
 * where it helps, fills a tb_diag that main() turns into a message.
 */
#ifndef TB_H
#define TB_H

#include <stddef.h>

typedef enum {
    TB_OK = 0,
    TB_ERR_NOMEM = -1,     /* an allocation failed */
    TB_ERR_IO = -2,        /* reading or writing a file failed (errno kept in diag) */
    TB_ERR_ENCODING = -3,  /* input is not valid in its encoding */
    TB_ERR_INPUT = -4,     /* input is well-encoded but unusable (empty, no article) */
    TB_ERR_TOO_BIG = -5,   /* a documented size limit was exceeded */
    TB_ERR_SYNTH = -6,     /* the speech engine failed */
    TB_ERR_ENCODE = -7,    /* the audio encoder failed */
    TB_ERR_USAGE = -8,     /* bad command line or option value */
    TB_ERR_LEXICON = -9,   /* a lexicon file has a bad line */
    TB_ERR_INTERRUPTED = -10 /* stopped by a signal */
} tb_status;

/* A short English description of a status; never NULL, static storage. */
const char *tb_strerror(tb_status st);

/* Where a problem is: filled by functions that take a `tb_diag *` (may be NULL). */
typedef struct {
    char file[512];   /* the path as the user gave it, or "" */
    size_t line;      /* 1-based, 0 if unknown */
    size_t column;    /* 1-based, in characters, 0 if unknown */
    size_t offset;    /* byte offset in the file, when meaningful */
    int err;          /* errno for TB_ERR_IO, else 0 */
    char what[256];   /* what is wrong, in a few words */
} tb_diag;

/* Fill a diag (any of file/what may be NULL). Safe with diag == NULL. */
void tb_diag_set(tb_diag *diag, const char *file, size_t line, size_t column,
                 const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* An I/O failure: fill diag with path, what, and the current errno; returns
 * TB_ERR_IO. Call it right after the failing call, before errno changes. */
tb_status tb_diag_io(tb_diag *diag, const char *path, const char *what);

#endif

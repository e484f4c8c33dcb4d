/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_segment.c — libFuzzer harness for the front of the pipeline: any bytes
 * as a report file, decoded by input (GB18030 sniffing, invalid bytes dropped), parsed in
 * every format and segmented. Checks that every sentence is valid UTF-8 and
 * non-empty.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "input/input.h"
#include "segment/segment.h"
#include "base/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const tb_edition *ed)
{
    for (size_t i = 0; i < ed->n_sections; i++)
        for (size_t j = 0; j < ed->sections[i].n_sentences; j++) {
            const char *s = ed->sections[i].sentences[j].text;
            size_t n = strlen(s);
            if (!n)
                abort();
            for (size_t k = 0; k < n;) {
                unsigned cp;
                size_t m = tb_utf8_decode(s + k, n - k, &cp);
                if (!m)
                    abort();
                k += m;
            }
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = memfd_create("report", MFD_CLOEXEC);
    if (fd < 0 || write(fd, data, size) != (ssize_t)size) {
        if (fd >= 0)
            close(fd);
        return 0;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    static const tb_input_format formats[] = {TB_FMT_AUTO, TB_FMT_EPAPER, TB_FMT_MARKDOWN, TB_FMT_HTML};
    for (size_t f = 0; f < sizeof formats / sizeof formats[0]; f++) {
        tb_text t = {0};
        if (tb_input_read(path, formats[f], &t, NULL) != TB_OK)
            continue;
        tb_edition *ed = NULL;
        if (tb_segment(&t, "fuzz", &ed, NULL) == TB_OK) {
            check(ed);
            tb_edition_free(ed);
        }
        tb_text_free(&t);
    }
    close(fd);
    return 0;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_feedconf.c — libFuzzer harness: any bytes as a feed.conf; a setting read must be a
 * trimmed value inside the text, and a refused line must say which line. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "publish/feed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    tb_feed_settings s = {0};
    tb_diag diag = {0};
    tb_status st = tb_feed_parse_conf(text, "feed.conf", &s, &diag);
    const char *const fields[] = {s.title,    s.description, s.link,       s.base_url,
                                  s.image,    s.author,      s.owner_name, s.owner_email,
                                  s.category, s.explicit_,   s.language};
    for (size_t i = 0; st == TB_OK && i < sizeof fields / sizeof fields[0]; i++) {
        const char *v = fields[i];
        if (!v)
            continue;
        size_t n = strlen(v);
        if (v < text || v + n > text + size || strchr(v, '\n') ||
            (n && (v[0] == ' ' || v[0] == '\t' || v[n - 1] == ' ' || v[n - 1] == '\r')))
            abort();
    }
    if (st != TB_OK && (st != TB_ERR_INPUT || diag.line == 0))
        abort();
    free(text);
    return 0;
}

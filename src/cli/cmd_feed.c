/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cmd_feed.c — `tingbao feed DIR`: (re)write DIR/feed.xml over every edition in DIR. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "publish/feed.h"

static void help(void)
{
    puts("Usage: tingbao feed [OPTIONS] DIR\n"
         "(Re)write DIR/feed.xml, an RSS 2.0 podcast feed (itunes and Podcasting 2.0\n"
         "namespaces) with one item per edition found in DIR, newest first.\n"
         "Channel settings are read from DIR/feed.conf (key = value lines); options win:\n"
         "  --base-url URL      where DIR is published (enclosure and feed URLs)\n"
         "  --title TEXT        channel title         --description TEXT\n"
         "  --link URL          channel web page      --image URL (square cover art)\n"
         "  --author NAME       --owner-name NAME     --owner-email ADDRESS\n"
         "  --category TEXT     an Apple Podcasts category, 'News' or 'News > Daily News'\n"
         "                      (default News)\n"
         "  --explicit true|false (default false)\n"
         "  -q, --quiet         no summary line\n"
         "URLs must be absolute http(s) URLs, the image a JPEG or PNG file. A bad value\n"
         "in feed.conf is refused as feed.conf:LINE (exit 3), a bad option value as bad\n"
         "usage (exit 2); feed.xml is then left as it was.");
}

int tb_cmd_feed(int argc, char **argv)
{
    enum {
        O_BASE = 256,
        O_TITLE,
        O_DESC,
        O_LINK,
        O_IMAGE,
        O_AUTHOR,
        O_ONAME,
        O_OMAIL,
        O_CAT,
        O_EXPL
    };
    static const struct option opts[] = {{"help", no_argument, NULL, 'h'},
                                         {"quiet", no_argument, NULL, 'q'},
                                         {"base-url", required_argument, NULL, O_BASE},
                                         {"title", required_argument, NULL, O_TITLE},
                                         {"description", required_argument, NULL, O_DESC},
                                         {"link", required_argument, NULL, O_LINK},
                                         {"image", required_argument, NULL, O_IMAGE},
                                         {"author", required_argument, NULL, O_AUTHOR},
                                         {"owner-name", required_argument, NULL, O_ONAME},
                                         {"owner-email", required_argument, NULL, O_OMAIL},
                                         {"category", required_argument, NULL, O_CAT},
                                         {"explicit", required_argument, NULL, O_EXPL},
                                         {0, 0, 0, 0}};
    tb_feed_settings s = {0};
    s.skipped = tb_cli_feed_skipped;
    int quiet = 0, c;
    while ((c = getopt_long(argc, argv, "hq", opts, NULL)) != -1) {
        switch (c) {
        case 'h': help(); return TB_EXIT_OK;
        case 'q': quiet = 1; break;
        case O_BASE: s.base_url = optarg; break;
        case O_TITLE: s.title = optarg; break;
        case O_DESC: s.description = optarg; break;
        case O_LINK: s.link = optarg; break;
        case O_IMAGE: s.image = optarg; break;
        case O_AUTHOR: s.author = optarg; break;
        case O_ONAME: s.owner_name = optarg; break;
        case O_OMAIL: s.owner_email = optarg; break;
        case O_CAT: s.category = optarg; break;
        case O_EXPL: s.explicit_ = optarg; break;
        default: return tb_cli_usage_error("feed", "unknown option");
        }
    }
    if (optind != argc - 1)
        return tb_cli_usage_error("feed", "expected one output folder");
    const char *dir = argv[optind];
    tb_diag diag = {0};
    if (tb_feed_check_settings(&s, &diag) != TB_OK)
        return tb_cli_usage_error("feed", "%s", diag.what);
    char *storage = NULL;
    size_t n = 0;
    tb_status st = tb_feed_load_conf(dir, &s, &storage, &diag);
    if (st == TB_OK)
        st = tb_feed_write(dir, &s, &n, &diag);
    int have_base = s.base_url != NULL;
    free(storage);
    if (st != TB_OK)
        return tb_cli_error(st, &diag);
    if (!have_base)
        fprintf(stderr,
                "tingbao feed: warning: no base_url in %s/feed.conf or --base-url; "
                "enclosure URLs point to http://localhost/tingbao/\n",
                dir);
    if (!quiet)
        fprintf(stderr, "tingbao feed: %s/feed.xml: %zu edition%s\n", dir, n, n == 1 ? "" : "s");
    return TB_EXIT_OK;
}

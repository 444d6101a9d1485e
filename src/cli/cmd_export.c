/* cmd_export.c: `unionnews export --sqlite DB`: the records of pages into
 * an SQLite database, for SQL. Owns the database's schema (docs/export.md),
 * the bookkeeping of files (a file whose bytes, program and options are
 * those of last time is skipped; a changed one has its rows replaced) and
 * the rule that each file is one transaction, so that a crash leaves the
 * database as it was before the file it was writing. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

/* No -j: SQLite has one writer, and writing (the full-text index above
 * all) takes most of the time, not reading. */
const char usage_export[] =
    "usage: " PROG " export --sqlite DB [-q] [--encoding NAME] [--gazetteer FILE]\n"
    "                        [--province P] FILE...\n"
    "\n"
    "Writes the records of pages into the SQLite database DB (made when it does\n"
    "not exist): files, articles, authors, entities and figures, a full-text\n"
    "index of headlines and bodies, and views for common questions (see\n"
    "docs/export.md). A file already in DB with the same bytes, read by the same\n"
    "version with the same options, is skipped; a changed file has its rows\n"
    "replaced. Each file is one transaction: an export cut short leaves DB as it\n"
    "was before the file it was writing.\n"
    "\n"
    "      --sqlite DB       the database to write\n"
    "      --encoding NAME   read inputs as NAME (any iconv encoding); auto (the\n"
    "                        default) detects UTF-8, UTF-16/32, GB18030 and Big5\n"
    "      --binary MODE     files with NUL bytes: skip (default) or text\n"
    "      --max-line-bytes N  the longest line read (default 128 MiB)\n"
    "  -q, --quiet           no notes on stderr (the encoding, the summary)\n"
    "      --gazetteer FILE  read places from FILE (format of data/places.tsv)\n"
    "      --province P      resolve same-name places in province P (name or code)\n"
    "  -h, --help            show this help\n";

enum { OPT_SQLITE = 2200 };

/* Bumped when the tables change; a database of a newer schema is refused. */
#define SCHEMA_VERSION 1
/* PRAGMA application_id of our databases: "unnw". */
#define APPLICATION_ID 0x756e6e77

/* The size of the first look at a file: that of cli.c, so that the
 * encoding named here is the one the reader decodes with. */
#define FIRST_BLOCK CLI_FIRST_BLOCK

/* The schema, one statement a string (C11 caps the length of one). */
static const char *const schema_sql[] = {
    "CREATE TABLE meta (\n"
    "  key TEXT PRIMARY KEY,\n"
    "  value TEXT\n"
    ") WITHOUT ROWID;\n",
    "CREATE TABLE places (     -- the gazetteer's current divisions (GB/T 2260)\n"
    "  code TEXT PRIMARY KEY,  -- six digits\n"
    "  name TEXT NOT NULL,     -- official full name\n"
    "  level TEXT NOT NULL,    -- province, prefecture or county\n"
    "  parent TEXT             -- code of the unit above, or null\n"
    ") WITHOUT ROWID;\n",
    "CREATE TABLE files (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  path TEXT NOT NULL UNIQUE,  -- as named on the command line\n"
    "  size INTEGER NOT NULL,      -- bytes\n"
    "  sha256 TEXT NOT NULL,       -- of the bytes, 64 hex digits\n"
    "  encoding TEXT NOT NULL,     -- decoded from: UTF-8, GB18030, BIG5, UTF-16LE ...\n"
    "  date TEXT,                  -- a date the path holds (YYYY-MM-DD), or null\n"
    "  read_at TEXT NOT NULL,      -- when it was exported, UTC, ISO 8601\n"
    "  reader TEXT NOT NULL,       -- the version, gazetteer and options that read it\n"
    "  records INTEGER NOT NULL,   -- its articles and fragments\n"
    "  messages TEXT               -- what reading it said on stderr, or null\n"
    ");\n",
    "CREATE TABLE articles (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,\n"
    "  file TEXT NOT NULL,         -- the record's file: files.path\n"
    "  seq INTEGER NOT NULL,       -- the record's id: 1-based within its file\n"
    "  kind TEXT NOT NULL,         -- article or fragment\n"
    "  section TEXT,\n"
    "  kicker TEXT,\n"
    "  headline TEXT,\n"
    "  deck TEXT,\n"
    "  byline TEXT,\n"
    "  line_start INTEGER NOT NULL,\n"
    "  line_end INTEGER NOT NULL,\n"
    "  subheads TEXT NOT NULL,     -- JSON array of strings\n"
    "  captions TEXT NOT NULL,     -- JSON array of strings\n"
    "  paragraphs INTEGER NOT NULL,\n"
    "  chars INTEGER NOT NULL,\n"
    "  body TEXT NOT NULL,\n"
    "  UNIQUE (file_id, seq)\n"
    ");\n",
    "CREATE TABLE authors (\n"
    "  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,\n"
    "  pos INTEGER NOT NULL,       -- 1-based, in byline order\n"
    "  name TEXT NOT NULL,\n"
    "  role TEXT,                  -- null when the byline names none\n"
    "  PRIMARY KEY (article_id, pos)\n"
    ") WITHOUT ROWID;\n",
    "CREATE TABLE entities (\n"
    "  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,\n"
    "  pos INTEGER NOT NULL,       -- 1-based, in page order\n"
    "  type TEXT NOT NULL,         -- district, union, programme, company, person\n"
    "  text TEXT NOT NULL,         -- as printed\n"
    "  name TEXT,                  -- canonical\n"
    "  code TEXT,                  -- GB/T 2260\n"
    "  level TEXT,                 -- districts: province, prefecture, county, town\n"
    "  line INTEGER NOT NULL,\n"
    "  status TEXT,                -- null, historical or ambiguous\n"
    "  former_name TEXT,           -- historical: the unit printed\n"
    "  former_code TEXT,\n"
    "  candidates TEXT,            -- ambiguous: JSON array of {name, code}\n"
    "  PRIMARY KEY (article_id, pos)\n"
    ") WITHOUT ROWID;\n",
    "CREATE INDEX entities_by_name ON entities (type, name);\n",
    "CREATE INDEX entities_by_code ON entities (code) WHERE code IS NOT NULL;\n",
    "CREATE TABLE figures (\n"
    "  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,\n"
    "  pos INTEGER NOT NULL,       -- 1-based, in order\n"
    "  text TEXT NOT NULL,         -- as printed\n"
    "  value NUMERIC NOT NULL,     -- multiplier applied; a range's low end\n"
    "  value_to NUMERIC,           -- a range's high end\n"
    "  unit TEXT,\n"
    "  qualifier TEXT,             -- >=, >, <=, ~ or null\n"
    "  subject TEXT,               -- what it counts, where the sentence says\n"
    "  line INTEGER NOT NULL,\n"
    "  PRIMARY KEY (article_id, pos)\n"
    ") WITHOUT ROWID;\n",
    /* External content: the index holds no second copy of the text. */
    "CREATE VIRTUAL TABLE articles_fts USING fts5(headline, body, content='articles',\n"
    "  content_rowid='id', tokenize='trigram');\n",
    "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN\n"
    "  INSERT INTO articles_fts (rowid, headline, body) VALUES (new.id, new.headline, new.body);\n"
    "END;\n",
    "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN\n"
    "  INSERT INTO articles_fts (articles_fts, rowid, headline, body)\n"
    "    VALUES ('delete', old.id, old.headline, old.body);\n"
    "END;\n",
    "CREATE TRIGGER articles_fts_update AFTER UPDATE OF headline, body ON articles BEGIN\n"
    "  INSERT INTO articles_fts (articles_fts, rowid, headline, body)\n"
    "    VALUES ('delete', old.id, old.headline, old.body);\n"
    "  INSERT INTO articles_fts (rowid, headline, body) VALUES (new.id, new.headline, new.body);\n"
    "END;\n",
    /* Each record with every place it names a place in: the place itself
     * (a town as its county), its prefecture and its province by the code
     * (GB/T 2260: 330102 is in 330100, in 330000); codes that name no
     * place (110100 above Beijing's districts) drop out in the join. */
    "CREATE VIEW district_rollup (article_id, code, name, level, mentions) AS\n"
    "WITH mention (article_id, code) AS (\n"
    "  SELECT article_id, code FROM entities WHERE type = 'district' AND code IS NOT NULL\n"
    "), up (article_id, code) AS (\n"
    "  SELECT article_id, substr(code, 1, 6) FROM mention\n"
    "  UNION ALL\n"
    "  SELECT article_id, substr(code, 1, 4) || '00' FROM mention\n"
    "    WHERE substr(code, 5, 2) <> '00'\n"
    "  UNION ALL\n"
    "  SELECT article_id, substr(code, 1, 2) || '0000' FROM mention\n"
    "    WHERE substr(code, 3, 4) <> '0000'\n"
    ")\n"
    "SELECT up.article_id, up.code, p.name, p.level, count(*)\n"
    "FROM up JOIN places p ON p.code = up.code\n"
    "GROUP BY up.article_id, up.code;\n",
    "CREATE VIEW district_articles (code, name, level, articles, records, mentions) AS\n"
    "SELECT r.code, r.name, r.level, count(CASE WHEN a.kind = 'article' THEN 1 END),\n"
    "       count(*), sum(r.mentions)\n"
    "FROM district_rollup r JOIN articles a ON a.id = r.article_id\n"
    "GROUP BY r.code;\n",
    "CREATE VIEW union_mentions (name, code, mentions, articles, records) AS\n"
    "SELECT e.name, e.code, count(*),\n"
    "       count(DISTINCT CASE WHEN a.kind = 'article' THEN a.id END), count(DISTINCT a.id)\n"
    "FROM entities e JOIN articles a ON a.id = e.article_id\n"
    "WHERE e.type = 'union'\n"
    "GROUP BY e.name, e.code;\n",
    NULL};

/* The prepared statements, by what they do. */
enum {
    ST_FIND_FILE,
    ST_DEL_AUTHORS,
    ST_DEL_ENTITIES,
    ST_DEL_FIGURES,
    ST_DEL_ARTICLES,
    ST_DEL_FILE,
    ST_INS_FILE,
    ST_END_FILE,
    ST_INS_ARTICLE,
    ST_INS_AUTHOR,
    ST_INS_ENTITY,
    ST_INS_FIGURE,
    ST_BEGIN,
    ST_COMMIT,
    ST_ROLLBACK,
    NSTMTS
};

static const char *const stmt_sql[NSTMTS] = {
    [ST_FIND_FILE] = "SELECT id, sha256, reader FROM files WHERE path = ?1",
    [ST_DEL_AUTHORS] =
        "DELETE FROM authors WHERE article_id IN (SELECT id FROM articles WHERE file_id = ?1)",
    [ST_DEL_ENTITIES] =
        "DELETE FROM entities WHERE article_id IN (SELECT id FROM articles WHERE file_id = ?1)",
    [ST_DEL_FIGURES] =
        "DELETE FROM figures WHERE article_id IN (SELECT id FROM articles WHERE file_id = ?1)",
    [ST_DEL_ARTICLES] = "DELETE FROM articles WHERE file_id = ?1",
    [ST_DEL_FILE] = "DELETE FROM files WHERE id = ?1",
    [ST_INS_FILE] = "INSERT INTO files (path, size, sha256, encoding, date, read_at, reader, "
                    "records) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0)",
    [ST_END_FILE] = "UPDATE files SET records = ?2, messages = ?3 WHERE id = ?1",
    [ST_INS_ARTICLE] =
        "INSERT INTO articles (file_id, file, seq, kind, section, kicker, headline, deck, "
        "byline, line_start, line_end, subheads, captions, paragraphs, chars, body) VALUES "
        "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    [ST_INS_AUTHOR] = "INSERT INTO authors (article_id, pos, name, role) VALUES (?1, ?2, ?3, ?4)",
    [ST_INS_ENTITY] = "INSERT INTO entities (article_id, pos, type, text, name, code, level, "
                      "line, status, former_name, former_code, candidates) VALUES "
                      "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    [ST_INS_FIGURE] = "INSERT INTO figures (article_id, pos, text, value, value_to, unit, "
                      "qualifier, subject, line) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    [ST_BEGIN] = "BEGIN IMMEDIATE",
    [ST_COMMIT] = "COMMIT",
    [ST_ROLLBACK] = "ROLLBACK",
};

/* A growable piece of text (the JSON arrays of a record). */
typedef cli_buf text;

/* A JSON string (RFC 8259): quotes, backslashes and control characters
 * escaped; the rest is UTF-8 as it is. */
static void text_json_string(text *t, un_str s)
{
    char *at = cli_buf_room(t, UN_JSON_QUOTED_MAX(s.len));
    t->len += un_json_quote(at, s);
    t->p[t->len] = '\0';
}

/* What export knows of a file before reading it. */
typedef struct file_facts {
    long long size;
    char sha256[65];
    char encoding[32];
    char date[11]; /* empty when the path holds none */
} file_facts;

typedef struct exporter {
    sqlite3 *db;
    const char *dbpath;
    sqlite3_stmt *st[NSTMTS];
    const cli_session_config *cfg;
    char *reader;       /* the version, gazetteer and options, for files.reader */
    text json;          /* scratch for JSON arrays */
    /* The file being written. */
    const char *path;
    sqlite3_int64 file_id;
    size_t records;
    int db_failed;      /* an SQLite error: the file is rolled back, export stops */
    /* Counts for the summary. */
    size_t added, replaced, unchanged, failed, total_records;
    /* Test hook (UNIONNEWS_TEST_KILL_AFTER=N): after N files committed, a
     * SIGKILL when the next one's rows are all written but not committed,
     * with a cache so small that they have spilled into the WAL: what a
     * crash at the worst moment leaves. -1: off. */
    long kill_after;
} exporter;

/* "unionnews: 'DB': what SQLite says", with the system's reason where
 * the error came from the file system, and the input being written (or
 * what was being done, when doing is not NULL). */
static void db_error(exporter *x, const char *doing)
{
    const char *msg = sqlite3_errmsg(x->db);
    int code = sqlite3_errcode(x->db) & 0xff;
    int sys = code == SQLITE_IOERR || code == SQLITE_CANTOPEN || code == SQLITE_FULL ||
                      code == SQLITE_READONLY || code == SQLITE_PERM
                  ? sqlite3_system_errno(x->db)
                  : 0;
    char why[256] = "";
    if (sys)
        snprintf(why, sizeof why, ": %s", strerror(sys));
    if (x->path)
        cli_error("'%s': %s%s (while writing '%s')", x->dbpath, msg, why, x->path);
    else if (doing)
        cli_error("'%s': %s%s (%s)", x->dbpath, msg, why, doing);
    else
        cli_error("'%s': %s%s", x->dbpath, msg, why);
}

/* Runs one statement to its end; 0, or -1 after resetting it. */
static int run_stmt(exporter *x, int which)
{
    sqlite3_stmt *s = x->st[which];
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        ;
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* Runs SQL text without results; 0 or -1 after a message. */
static int exec_sql(exporter *x, const char *sql, const char *doing)
{
    if (sqlite3_exec(x->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
        db_error(x, doing);
        return -1;
    }
    return 0;
}

static void bind_str(sqlite3_stmt *s, int i, un_str v)
{
    if (v.ptr)
        sqlite3_bind_text64(s, i, v.ptr, v.len, SQLITE_STATIC, SQLITE_UTF8);
    else
        sqlite3_bind_null(s, i);
}

static void bind_cstr(sqlite3_stmt *s, int i, const char *v)
{
    if (v && *v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, i);
}

static void bind_size(sqlite3_stmt *s, int i, size_t v)
{
    sqlite3_bind_int64(s, i, (sqlite3_int64)v);
}

/* A JSON array of strings into x->json. */
static const char *json_strings(exporter *x, const un_str *v, size_t n)
{
    x->json.len = 0;
    cli_buf_add(&x->json, "[", 1);
    for (size_t i = 0; i < n; i++) {
        if (i)
            cli_buf_add(&x->json, ",", 1);
        text_json_string(&x->json, v[i]);
    }
    cli_buf_add(&x->json, "]", 1);
    return x->json.p;
}

/* The places an ambiguous mention may mean, as the JSON of the record
 * writes them: [{"name": ..., "code": ...}, ...], into x->json. */
static const char *json_candidates(exporter *x, const un_entity *e)
{
    static const char name_key[] = "{\"name\":", code_key[] = ",\"code\":";
    x->json.len = 0;
    cli_buf_add(&x->json, "[", 1);
    for (size_t k = 0; k < e->n_candidates; k++) {
        if (k)
            cli_buf_add(&x->json, ",", 1);
        cli_buf_add(&x->json, name_key, sizeof name_key - 1);
        text_json_string(&x->json, e->candidates[k].name);
        cli_buf_add(&x->json, code_key, sizeof code_key - 1);
        text_json_string(&x->json, e->candidates[k].code);
        cli_buf_add(&x->json, "}", 1);
    }
    cli_buf_add(&x->json, "]", 1);
    return x->json.p;
}

/* Binds a JSON text made in x->json as a copy (the scratch is reused). */
static void bind_json(sqlite3_stmt *s, int i, const char *json)
{
    sqlite3_bind_text(s, i, json, -1, SQLITE_TRANSIENT);
}

static int insert_authors(exporter *x, sqlite3_int64 id, const un_article *a)
{
    sqlite3_stmt *s = x->st[ST_INS_AUTHOR];
    for (size_t i = 0; i < a->n_authors; i++) {
        sqlite3_bind_int64(s, 1, id);
        bind_size(s, 2, i + 1);
        bind_str(s, 3, a->authors[i].name);
        bind_str(s, 4, a->authors[i].role);
        if (run_stmt(x, ST_INS_AUTHOR) < 0)
            return -1;
    }
    return 0;
}

static int insert_entities(exporter *x, sqlite3_int64 id, const un_article *a)
{
    sqlite3_stmt *s = x->st[ST_INS_ENTITY];
    for (size_t i = 0; i < a->n_entities; i++) {
        const un_entity *e = &a->entities[i];
        sqlite3_bind_int64(s, 1, id);
        bind_size(s, 2, i + 1);
        bind_str(s, 3, e->type);
        bind_str(s, 4, e->text);
        bind_str(s, 5, e->name);
        bind_str(s, 6, e->code);
        bind_str(s, 7, e->level);
        bind_size(s, 8, e->line);
        bind_str(s, 9, e->status);
        bind_str(s, 10, e->former_name);
        bind_str(s, 11, e->former_code);
        if (e->n_candidates)
            bind_json(s, 12, json_candidates(x, e));
        if (run_stmt(x, ST_INS_ENTITY) < 0)
            return -1;
    }
    return 0;
}

static int insert_figures(exporter *x, sqlite3_int64 id, const un_article *a)
{
    sqlite3_stmt *s = x->st[ST_INS_FIGURE];
    for (size_t i = 0; i < a->n_figures; i++) {
        const un_figure *f = &a->figures[i];
        sqlite3_bind_int64(s, 1, id);
        bind_size(s, 2, i + 1);
        bind_str(s, 3, f->text);
        /* Decimal text into a NUMERIC column: an integer stays exact. */
        bind_str(s, 4, f->value);
        bind_str(s, 5, f->value_to);
        bind_str(s, 6, f->unit);
        bind_str(s, 7, f->qualifier);
        bind_str(s, 8, f->subject);
        bind_size(s, 9, f->line);
        if (run_stmt(x, ST_INS_FIGURE) < 0)
            return -1;
    }
    return 0;
}

static int insert_record(exporter *x, const un_article *a)
{
    sqlite3_stmt *s = x->st[ST_INS_ARTICLE];
    sqlite3_bind_int64(s, 1, x->file_id);
    bind_str(s, 2, a->file);
    bind_size(s, 3, a->id);
    sqlite3_bind_text(s, 4, a->kind == UN_KIND_ARTICLE ? "article" : "fragment", -1,
                      SQLITE_STATIC);
    bind_str(s, 5, a->section);
    bind_str(s, 6, a->kicker);
    bind_str(s, 7, a->headline);
    bind_str(s, 8, a->deck);
    bind_str(s, 9, a->byline);
    bind_size(s, 10, a->line_start);
    bind_size(s, 11, a->line_end);
    bind_json(s, 12, json_strings(x, a->subheads, a->n_subheads));
    bind_json(s, 13, json_strings(x, a->captions, a->n_captions));
    bind_size(s, 14, a->paragraphs);
    bind_size(s, 15, a->chars);
    un_str body = a->body.ptr ? a->body : (un_str){"", 0};
    bind_str(s, 16, body);
    if (run_stmt(x, ST_INS_ARTICLE) < 0)
        return -1;
    sqlite3_int64 id = sqlite3_last_insert_rowid(x->db);
    if (insert_authors(x, id, a) < 0 || insert_entities(x, id, a) < 0 ||
        insert_figures(x, id, a) < 0)
        return -1;
    return 0;
}

static int on_record(void *ctx, const un_article *a)
{
    exporter *x = ctx;
    if (insert_record(x, a) < 0) {
        db_error(x, NULL);
        x->db_failed = 1;
        return 1; /* stop reading: nothing more can be written */
    }
    x->records++;
    return 0;
}

/* The encoding the reader will decode the file from, judged as cli.c
 * judges it on the same first block. A file it will refuse gets a name
 * too; its rows are never committed. */
static void name_encoding(const cli_session_config *cfg, const char *buf, size_t n, int at_end,
                          char out[32])
{
    un_encoding_guess g;
    cli_enc judged = cli_judge_encoding(cfg->encoding, cfg->binary_text, buf, n, at_end, &g);
    snprintf(out, 32, "%s",
             judged == CLI_ENC_OK       ? g.name
             : judged == CLI_ENC_BINARY ? "binary"
                                        : "unknown");
}

/* Reads the file once for its size, hash and encoding. -1 after a message
 * worded as the reader's own ("cannot open 'x': ..."). */
static int look_at_file(const exporter *x, const char *path, file_facts *ff, char *buf)
{
    memset(ff, 0, sizeof *ff);
    /* O_NONBLOCK: a FIFO must not hang the open; regular files ignore it. */
    int fd = open(path, O_RDONLY | O_NONBLOCK);
    if (fd < 0) {
        cli_error("cannot open '%s': %s", path, strerror(errno));
        return -1;
    }
    struct stat sb;
    if (fstat(fd, &sb) == 0 && !S_ISREG(sb.st_mode) && !S_ISDIR(sb.st_mode)) {
        /* A pipe (<(...), a FIFO) would be empty when the reader came to
         * it: the hash takes one reading already. (A directory fails below
         * as in every command.) */
        cli_error("cannot export '%s': not a regular file (export reads each file twice, "
                  "first for its hash)",
                  path);
        close(fd);
        return -1;
    }
    cli_sha256 h;
    cli_sha256_init(&h);
    for (int first = 1;; first = 0) {
        ssize_t n = cli_read_full(fd, buf, FIRST_BLOCK);
        if (n < 0) {
            cli_error("cannot read '%s': %s", path, strerror(errno));
            close(fd);
            return -1;
        }
        if (first)
            name_encoding(x->cfg, buf, (size_t)n, (size_t)n < FIRST_BLOCK, ff->encoding);
        if (n == 0)
            break;
        cli_sha256_update(&h, buf, (size_t)n);
        ff->size += n;
    }
    close(fd);
    unsigned char digest[32];
    cli_sha256_final(&h, digest);
    cli_sha256_hex(digest, ff->sha256);
    unsigned long date = (unsigned long)cli_path_date(path);
    ff->date[0] = '\0';
    if (date)
        snprintf(ff->date, sizeof ff->date, "%04lu-%02lu-%02lu", date / 10000 % 10000,
                 date / 100 % 100, date % 100);
    return 0;
}

/* One integer a statement gives (a pragma, a count); -1 after a message. */
static long long query_int(exporter *x, const char *sql)
{
    sqlite3_stmt *s;
    long long v = -1;
    if (sqlite3_prepare_v2(x->db, sql, -1, &s, NULL) != SQLITE_OK) {
        db_error(x, "opening it");
        return -1;
    }
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        v = sqlite3_column_int64(s, 0);
    else if (rc != SQLITE_DONE)
        db_error(x, "opening it");
    sqlite3_finalize(s);
    return v;
}

/* Makes the tables of a new database. */
static int create_schema(exporter *x)
{
    char sql[256];
    /* WAL: readers (a researcher's session) do not block the export, and a
     * commit is one append. Set before the first table, outside any
     * transaction. */
    if (exec_sql(x, "PRAGMA journal_mode = WAL", "making its tables") < 0 ||
        exec_sql(x, "BEGIN IMMEDIATE", "making its tables") < 0)
        return -1;
    snprintf(sql, sizeof sql,
             "PRAGMA application_id = %d; PRAGMA user_version = %d;"
             "INSERT INTO meta VALUES ('schema', '%d'), ('created_by', '" PROG " %s');",
             APPLICATION_ID, SCHEMA_VERSION, SCHEMA_VERSION, un_version());
    for (size_t i = 0; schema_sql[i]; i++)
        if (exec_sql(x, schema_sql[i], "making its tables") < 0) {
            sqlite3_exec(x->db, "ROLLBACK", NULL, NULL, NULL);
            return -1;
        }
    if (exec_sql(x, sql, "making its tables") < 0) {
        sqlite3_exec(x->db, "ROLLBACK", NULL, NULL, NULL);
        return -1;
    }
    return exec_sql(x, "COMMIT", "making its tables");
}

/* Opens the database, making it when it is new; refuses one that another
 * program (or a newer unionnews) wrote. */
static int open_db(exporter *x)
{
    int rc = sqlite3_open_v2(x->dbpath, &x->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {
        /* The system's reason (a missing folder, a directory) says more
         * than SQLite's "unable to open database file". */
        int sys = x->db ? sqlite3_system_errno(x->db) : 0;
        cli_error("cannot open '%s': %s", x->dbpath,
                  sys ? strerror(sys) : x->db ? sqlite3_errmsg(x->db) : sqlite3_errstr(rc));
        return -1;
    }
    if (sqlite3_db_readonly(x->db, "main") == 1) {
        /* SQLite opens a file it may not write read-only, without a word. */
        cli_error("cannot write '%s': the file is read-only", x->dbpath);
        return -1;
    }
    sqlite3_extended_result_codes(x->db, 1);
    /* Another export writing the same database: wait for its file. */
    sqlite3_busy_timeout(x->db, 30000);
    long long app = query_int(x, "PRAGMA application_id");
    long long version = app < 0 ? -1 : query_int(x, "PRAGMA user_version");
    long long objects = version < 0 ? -1 : query_int(x, "SELECT count(*) FROM sqlite_schema");
    if (objects < 0)
        return -1;
    if (objects == 0) {
        if (create_schema(x) < 0)
            return -1;
    } else if (app != APPLICATION_ID) {
        cli_error("'%s' is a database that " PROG " export did not write; give another path",
                  x->dbpath);
        return -1;
    } else if (version > SCHEMA_VERSION) {
        cli_error("'%s' was written by a newer " PROG " (schema %lld; this one knows %d)",
                  x->dbpath, version, SCHEMA_VERSION);
        return -1;
    }
    /* synchronous NORMAL: in WAL mode a commit survives the program's
     * crash; a power cut may lose the last commits, never the database's
     * integrity. The WAL is copied into the database every 64 MiB rather
     * than every 4 MiB: each copy waits for the disk (fsync). */
    if (exec_sql(x,
                 "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536;"
                 "PRAGMA wal_autocheckpoint = 16384",
                 "opening it") < 0)
        return -1;
    for (int i = 0; i < NSTMTS; i++)
        if (sqlite3_prepare_v3(x->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &x->st[i],
                               NULL) != SQLITE_OK) {
            db_error(x, "opening it");
            return -1;
        }
    return 0;
}

/* A place of the gazetteer is current when its full name finds it
 * (un_gazetteer_find_all gives current places only). */
static int is_current(const un_gazetteer *g, long i, un_str name)
{
    long found[64];
    size_t k = un_gazetteer_find_all(g, name.ptr, name.len, found, 64);
    for (size_t j = 0; j < k && j < 64; j++)
        if (found[j] == i)
            return 1;
    return 0;
}

/* The places table, written again when the gazetteer is not the one it
 * was written from. */
static int write_places(exporter *x, const un_gazetteer *g)
{
    const char *source = un_gazetteer_source(g);
    sqlite3_stmt *s;
    int same = 0;
    if (sqlite3_prepare_v2(x->db, "SELECT value = ?1 FROM meta WHERE key = 'gazetteer'", -1, &s,
                           NULL) != SQLITE_OK) {
        db_error(x, "reading its places");
        return -1;
    }
    sqlite3_bind_text(s, 1, source, -1, SQLITE_STATIC);
    if (sqlite3_step(s) == SQLITE_ROW)
        same = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    if (same)
        return 0;
    if (exec_sql(x, "BEGIN IMMEDIATE; DELETE FROM places", "writing its places") < 0)
        return -1;
    if (sqlite3_prepare_v2(x->db, "INSERT OR REPLACE INTO places VALUES (?1, ?2, ?3, ?4)", -1,
                           &s, NULL) != SQLITE_OK) {
        db_error(x, "writing its places");
        sqlite3_exec(x->db, "ROLLBACK", NULL, NULL, NULL);
        return -1;
    }
    un_gazetteer_stats gs;
    un_gazetteer_stats_get(g, &gs);
    int rc = SQLITE_DONE;
    for (long i = 0; i < (long)gs.places && rc == SQLITE_DONE; i++) {
        un_place_info p = un_gazetteer_place(g, i);
        if (!is_current(g, i, p.name))
            continue;
        bind_str(s, 1, p.code);
        bind_str(s, 2, p.name);
        bind_str(s, 3, p.level);
        if (p.parent >= 0)
            bind_str(s, 4, un_gazetteer_place(g, p.parent).code);
        else
            sqlite3_bind_null(s, 4);
        rc = sqlite3_step(s);
        sqlite3_reset(s);
    }
    sqlite3_finalize(s);
    char *sql = sqlite3_mprintf("INSERT OR REPLACE INTO meta VALUES ('gazetteer', %Q)", source);
    if (rc != SQLITE_DONE || !sql || sqlite3_exec(x->db, sql, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(x->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        db_error(x, "writing its places");
        sqlite3_exec(x->db, "ROLLBACK", NULL, NULL, NULL);
        sqlite3_free(sql);
        return -1;
    }
    sqlite3_free(sql);
    return 0;
}

/* What the database holds of path: *id (0: nothing) and whether it is
 * the same bytes read the same way. -1 on an error. */
static int find_file(exporter *x, const char *path, const file_facts *ff, sqlite3_int64 *id,
                     int *same)
{
    sqlite3_stmt *s = x->st[ST_FIND_FILE];
    *id = 0;
    *same = 0;
    sqlite3_bind_text(s, 1, path, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(s, 0);
        const char *sha = (const char *)sqlite3_column_text(s, 1);
        const char *reader = (const char *)sqlite3_column_text(s, 2);
        *same = sha && reader && strcmp(sha, ff->sha256) == 0 && strcmp(reader, x->reader) == 0;
    }
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        db_error(x, "looking up a file");
        return -1;
    }
    return 0;
}

/* The rows of a file, in the order no reference is left dangling. */
static int delete_file(exporter *x, sqlite3_int64 id)
{
    static const int order[] = {ST_DEL_AUTHORS, ST_DEL_ENTITIES, ST_DEL_FIGURES, ST_DEL_ARTICLES,
                                ST_DEL_FILE};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        sqlite3_bind_int64(x->st[order[i]], 1, id);
        if (run_stmt(x, order[i]) < 0)
            return -1;
    }
    return 0;
}

static void utc_now(char out[32])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int insert_file(exporter *x, const char *path, const file_facts *ff)
{
    sqlite3_stmt *s = x->st[ST_INS_FILE];
    char now[32];
    utc_now(now);
    sqlite3_bind_text(s, 1, path, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, ff->size);
    sqlite3_bind_text(s, 3, ff->sha256, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, ff->encoding, -1, SQLITE_STATIC);
    bind_cstr(s, 5, ff->date);
    sqlite3_bind_text(s, 6, now, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 7, x->reader, -1, SQLITE_STATIC);
    if (run_stmt(x, ST_INS_FILE) < 0)
        return -1;
    x->file_id = sqlite3_last_insert_rowid(x->db);
    return 0;
}

static int finish_file(exporter *x, const char *messages, size_t len)
{
    sqlite3_stmt *s = x->st[ST_END_FILE];
    sqlite3_bind_int64(s, 1, x->file_id);
    bind_size(s, 2, x->records);
    if (len)
        sqlite3_bind_text64(s, 3, messages, len, SQLITE_STATIC, SQLITE_UTF8);
    else
        sqlite3_bind_null(s, 3);
    return run_stmt(x, ST_END_FILE);
}

/* Reads path into the open transaction; returns the reader's status.
 * What reading says goes to stderr and, in *messages, to the database. */
static int read_into_db(exporter *x, cli_reading *rd, const char *path, char **messages,
                        size_t *len)
{
    *messages = NULL;
    *len = 0;
    FILE *err = open_memstream(messages, len);
    int status = cli_reading_file(rd, path, NULL, on_record, x, err ? err : stderr);
    if (err) {
        fclose(err);
        if (*len) {
            fflush(stdout);
            fwrite(*messages, 1, *len, stderr);
        }
    }
    return status;
}

/* Exports one file in one transaction. Returns EXIT_MATCH, EXIT_TROUBLE
 * (the file could not be read: nothing of it is written), or -1 when the
 * database failed and the export must stop. */
static int export_file(exporter *x, cli_reading *rd, const char *path, char *buf)
{
    file_facts ff;
    if (look_at_file(x, path, &ff, buf) < 0) {
        x->failed++;
        return EXIT_TROUBLE;
    }
    sqlite3_int64 old;
    int same;
    if (find_file(x, path, &ff, &old, &same) < 0)
        return -1;
    if (same) {
        x->unchanged++;
        return EXIT_MATCH;
    }
    x->path = path;
    x->records = 0;
    if (run_stmt(x, ST_BEGIN) < 0) {
        db_error(x, NULL);
        x->path = NULL;
        return -1;
    }
    if ((old && delete_file(x, old) < 0) || insert_file(x, path, &ff) < 0) {
        db_error(x, NULL);
        run_stmt(x, ST_ROLLBACK);
        x->path = NULL;
        return -1;
    }
    char *messages;
    size_t len;
    int status = read_into_db(x, rd, path, &messages, &len);
    /* A file read with trouble (invalid bytes) keeps the records it gave;
     * one not read at all (binary, an unknown encoding) leaves the
     * database with what it had of it. */
    int commit = !x->db_failed && (status == EXIT_MATCH || x->records > 0);
    if (commit && x->kill_after >= 0 && (long)(x->added + x->replaced) == x->kill_after)
        raise(SIGKILL);
    int result = x->db_failed ? -1 : status;
    if (commit && (finish_file(x, messages, len) < 0 || run_stmt(x, ST_COMMIT) < 0)) {
        db_error(x, NULL);
        commit = 0;
        result = -1;
    }
    if (!commit) {
        run_stmt(x, ST_ROLLBACK);
        if (result != -1)
            x->failed++;
    } else {
        if (old)
            x->replaced++;
        else
            x->added++;
        x->total_records += x->records;
    }
    free(messages);
    x->path = NULL;
    return result;
}

/* The version, gazetteer and options that make the records what they
 * are: a file read with others is read again. */
static char *reader_signature(const cli_input *in, const un_gazetteer *g)
{
    char *s = sqlite3_mprintf("%s %s; gazetteer %s; province %s; encoding %s; binary %s; "
                              "max-line-bytes %llu",
                              PROG, un_version(), un_gazetteer_source(g),
                              in->province ? in->province : "-",
                              in->encoding ? in->encoding : "auto",
                              in->binary_text ? "text" : "skip",
                              (unsigned long long)(in->max_line ? in->max_line
                                                                : UN_MAX_LINE_DEFAULT));
    if (!s) {
        cli_error("out of memory");
        exit(EXIT_TROUBLE);
    }
    return s;
}

static void close_db(exporter *x)
{
    for (int i = 0; i < NSTMTS; i++)
        sqlite3_finalize(x->st[i]);
    if (x->db && sqlite3_close(x->db) != SQLITE_OK)
        db_error(x, "closing it");
    x->db = NULL;
}

static int export_all(exporter *x, char **files)
{
    cli_reading *rd = cli_reading_new(x->cfg);
    char *buf = malloc(FIRST_BLOCK);
    if (!rd || !buf) {
        cli_reading_free(rd);
        free(buf);
        return EXIT_TROUBLE;
    }
    int status = EXIT_MATCH;
    size_t nfiles = 0;
    while (files[nfiles])
        nfiles++;
    cli_progress_begin(files, nfiles, x->cfg->quiet);
    for (size_t i = 0; files[i]; i++) {
        int st = export_file(x, rd, files[i], buf);
        cli_progress_file_done();
        if (st != EXIT_MATCH)
            status = EXIT_TROUBLE;
        if (st < 0)
            break;
    }
    cli_progress_end();
    if (x->added + x->replaced && status == EXIT_MATCH)
        sqlite3_exec(x->db, "PRAGMA optimize", NULL, NULL, NULL);
    cli_reading_free(rd);
    free(buf);
    return status;
}

int cmd_export(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"sqlite", required_argument, NULL, OPT_SQLITE},
        {"gazetteer", required_argument, NULL, OPT_GAZETTEER},
        {"province", required_argument, NULL, OPT_PROVINCE},
        {"encoding", required_argument, NULL, OPT_ENCODING},
        {"binary", required_argument, NULL, OPT_BINARY},
        {"max-line-bytes", required_argument, NULL, OPT_MAX_LINE},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    cli_input in;
    memset(&in, 0, sizeof in);
    exporter x;
    memset(&x, 0, sizeof x);
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
        if (c == 'h') {
            fputs(usage_export, stdout);
            return cli_finish_output(EXIT_MATCH);
        }
        if (c == OPT_SQLITE) {
            x.dbpath = optarg;
            continue;
        }
        int handled = cli_input_option(&in, c, optarg);
        if (handled < 0)
            return EXIT_TROUBLE;
        if (handled)
            continue;
        fputs(usage_export, stderr);
        return EXIT_TROUBLE;
    }
    if (!x.dbpath || !*x.dbpath) {
        cli_error("export needs a database: --sqlite DB");
        fputs(usage_export, stderr);
        return EXIT_TROUBLE;
    }
    char **files = argv + optind;
    if (!files[0]) {
        cli_error("export needs files to read (standard input has no path to keep in the "
                  "database)");
        return EXIT_TROUBLE;
    }
    for (size_t i = 0; files[i]; i++)
        if (strcmp(files[i], "-") == 0) {
            cli_error("export reads files, not standard input ('-'): a file is kept in the "
                      "database by its path");
            return EXIT_TROUBLE;
        }
    cli_session *ses = cli_session_open(&in);
    if (!ses)
        return EXIT_TROUBLE;
    const un_gazetteer *g = cli_session_gazetteer(ses);
    cli_session_config cfg = {.gazetteer = g,
                              .province = in.province,
                              .encoding = in.encoding,
                              .binary_text = in.binary_text,
                              .quiet = in.quiet,
                              .max_line = in.max_line};
    x.cfg = &cfg;
    x.reader = reader_signature(&in, g);
    const char *kill = getenv("UNIONNEWS_TEST_KILL_AFTER");
    x.kill_after = kill && *kill ? strtol(kill, NULL, 10) : -1;
    int status = EXIT_TROUBLE;
    int opened = open_db(&x) == 0;
    if (opened && x.kill_after >= 0)
        sqlite3_exec(x.db, "PRAGMA cache_size = 8", NULL, NULL, NULL);
    if (opened && write_places(&x, g) == 0) {
        status = export_all(&x, files);
        if (!in.quiet)
            cli_error("'%s': %zu files added, %zu replaced, %zu unchanged, %zu not read; "
                      "%zu records written",
                      x.dbpath, x.added, x.replaced, x.unchanged, x.failed, x.total_records);
    }
    close_db(&x);
    sqlite3_free(x.reader);
    free(x.json.p);
    cli_session_close(ses);
    return cli_finish_output(status);
}

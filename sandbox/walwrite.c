/* walwrite.c: a VFS over SQLite's own that writes each WAL frame in one
 * write(2), not two (walwrite.h). */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "walwrite.h"

/* SQLite writes a frame of the WAL as its 24-byte header, then its page
 * at the offset right after: two pwrites, each a trip into the kernel
 * (dear on a virtual machine: 46 a transfer, half the sandbox's CPU in
 * the kernel).  Here the header waits, and goes out with its page in one
 * write.  It waits for nothing else: any other call on the file (a write
 * elsewhere, a read, a sync, its size, its close) writes it first, and a
 * header rewritten in place (see w_write) is not held at all.  So a frame
 * is whole in the file when SQLite's write of its page returns, before
 * the WAL's index says the frame is there, as without this.
 * Only WAL files are touched; every other file keeps SQLite's methods. */
#define FRAME_HEADER 24

struct pending {
	sqlite3_int64 off;  /* where the header goes; < 0: nothing waits */
	sqlite3_int64 read; /* where the last read began (< 0: a write since) */
	unsigned char header[FRAME_HEADER];
	unsigned char *buf; /* the header and a page, for the one write */
	int cap;
};

static sqlite3_vfs vfs, *real;
static int at; /* where our state sits in a file: after the real file's own */
static sqlite3_io_methods wal_methods;
static const sqlite3_io_methods *real_wal_methods;
static pthread_mutex_t first_wal = PTHREAD_MUTEX_INITIALIZER;

static struct pending *pending_of(sqlite3_file *f)
{
	return (struct pending *)((char *)f + at);
}

static int flush(sqlite3_file *f)
{
	struct pending *p = pending_of(f);
	sqlite3_int64 off = p->off;

	if (off < 0)
		return SQLITE_OK;
	p->off = -1;
	return real_wal_methods->xWrite(f, p->header, FRAME_HEADER, off);
}

static int w_write(sqlite3_file *f, const void *data, int n, sqlite3_int64 off)
{
	struct pending *p = pending_of(f);
	int rc;

	if (p->off >= 0 && off == p->off + FRAME_HEADER && n > 0) {
		if (p->cap < FRAME_HEADER + n) {
			unsigned char *b = realloc(p->buf, (size_t)FRAME_HEADER + (size_t)n);
			if (!b) {
				if ((rc = flush(f)) != SQLITE_OK)
					return rc;
				return real_wal_methods->xWrite(f, data, n, off);
			}
			p->buf = b;
			p->cap = FRAME_HEADER + n;
		}
		memcpy(p->buf, p->header, FRAME_HEADER);
		memcpy(p->buf + FRAME_HEADER, data, (size_t)n);
		off = p->off;
		p->off = -1;
		p->read = -1;
		return real_wal_methods->xWrite(f, p->buf, FRAME_HEADER + n, off);
	}
	if ((rc = flush(f)) != SQLITE_OK)
		return rc;
	/* A header written where the last read began is a frame's header
	 * rewritten in place (walRewriteChecksums, at a commit that spilled
	 * pages: it reads each frame, then writes its header alone), and no
	 * page follows it: it goes at once. */
	if (n == FRAME_HEADER && off != p->read) {
		memcpy(p->header, data, FRAME_HEADER);
		p->off = off;
		return SQLITE_OK;
	}
	p->read = -1;
	return real_wal_methods->xWrite(f, data, n, off);
}

static int w_close(sqlite3_file *f)
{
	struct pending *p = pending_of(f);
	int rc = flush(f), rc2 = real_wal_methods->xClose(f);

	free(p->buf);
	p->buf = NULL;
	p->cap = 0;
	return rc != SQLITE_OK ? rc : rc2;
}

static int w_read(sqlite3_file *f, void *data, int n, sqlite3_int64 off)
{
	int rc = flush(f);

	pending_of(f)->read = off;
	return rc != SQLITE_OK ? rc : real_wal_methods->xRead(f, data, n, off);
}

static int w_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	int rc = flush(f);
	return rc != SQLITE_OK ? rc : real_wal_methods->xTruncate(f, size);
}

static int w_sync(sqlite3_file *f, int flags)
{
	int rc = flush(f);
	return rc != SQLITE_OK ? rc : real_wal_methods->xSync(f, flags);
}

static int w_size(sqlite3_file *f, sqlite3_int64 *size)
{
	int rc = flush(f);
	return rc != SQLITE_OK ? rc : real_wal_methods->xFileSize(f, size);
}

static int w_control(sqlite3_file *f, int op, void *arg)
{
	int rc = flush(f);
	return rc != SQLITE_OK ? rc : real_wal_methods->xFileControl(f, op, arg);
}

static int w_open(sqlite3_vfs *v, const char *name, sqlite3_file *f, int flags, int *out)
{
	int rc = real->xOpen(real, name, f, flags, out);

	(void)v;
	if (rc != SQLITE_OK || !(flags & SQLITE_OPEN_WAL) || !f->pMethods)
		return rc;
	pthread_mutex_lock(&first_wal);
	if (!real_wal_methods) {
		/* The real VFS's methods for a WAL file, with ours over seven of them. */
		real_wal_methods = f->pMethods;
		wal_methods = *f->pMethods;
		wal_methods.xClose = w_close;
		wal_methods.xRead = w_read;
		wal_methods.xWrite = w_write;
		wal_methods.xTruncate = w_truncate;
		wal_methods.xSync = w_sync;
		wal_methods.xFileSize = w_size;
		wal_methods.xFileControl = w_control;
	}
	pthread_mutex_unlock(&first_wal);
	if (f->pMethods != real_wal_methods)
		return rc; /* another kind of file than the first WAL: left as it is */
	*pending_of(f) = (struct pending){ -1, -1, { 0 }, NULL, 0 };
	f->pMethods = &wal_methods;
	return rc;
}

static void register_once(void)
{
	sqlite3_vfs *r = sqlite3_vfs_find(NULL);

	if (!r)
		return;
	vfs = *r;
	at = (r->szOsFile + 15) & ~15;
	vfs.szOsFile = at + (int)sizeof(struct pending);
	vfs.zName = "bankterm-walwrite";
	vfs.xOpen = w_open;
	real = r;
	if (sqlite3_vfs_register(&vfs, 0) != SQLITE_OK)
		real = NULL;
}

const char *walwrite_register(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, register_once);
	return real ? vfs.zName : NULL;
}

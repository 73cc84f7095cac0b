/* The load generator's counting listeners in C: one thread, epoll over every listener socket,
 * each chunk read into one preallocated buffer and its "PRIVMSG" occurrences counted, exactly
 * as the Python listener counts them (plus one cut by a chunk boundary). PING lines get their
 * PONG. Loaded with ctypes by bench/irc/native.py, which calls counter_run in a thread of its
 * own (ctypes lets go of the GIL), so the Python event loop keeps only the speakers, the
 * monitors and the latency probes. Its CPU is the load generator's (same process).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define TAIL 6      /* "PRIVMSG" less one byte: the part of a cut word a chunk can end with */
#define PING_MAX 512
#define BUFFER (1 << 20)
/* The thread polls (epoll_wait without a timeout) and sleeps this long between passes: what
 * the server writes meanwhile piles up in the sockets and comes in with fewer reads (each read
 * of a loopback socket costs one or two microseconds of kernel time, whatever its size), and
 * no write of the server's wakes this thread (a wakeup would be charged to the server). Only
 * the counting listeners wait: the latency probes are read by the Python event loop. */
#define PASS_NS 2000000

struct slot {
    int fd;
    int active;
    int pending; /* a PING line is cut by the end of the last chunk */
    size_t tail_len, ping_len;
    char tail[TAIL];
    char ping[PING_MAX];
};

static int ep = -1;
static struct slot *slots;
static size_t slot_count, slot_cap;
static volatile int stopping;
static uint64_t deliveries, lost;

int counter_open(void) {
    ep = epoll_create1(EPOLL_CLOEXEC);
    stopping = 0;
    return ep;
}

/* Watch fd; previous is what was read before on it (its last bytes matter). Call every add
 * before counter_run. */
int counter_add(int fd, const char *previous, size_t previous_len) {
    if (slot_count == slot_cap) {
        slot_cap = slot_cap ? 2 * slot_cap : 256;
        slots = realloc(slots, slot_cap * sizeof *slots);
        if (!slots) return -1;
    }
    struct slot *s = &slots[slot_count];
    memset(s, 0, sizeof *s);
    s->fd = fd;
    s->active = 1;
    size_t keep = previous_len < TAIL ? previous_len : TAIL;
    memcpy(s->tail, previous + previous_len - keep, keep);
    s->tail_len = keep;
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = slot_count};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev)) return -1;
    slot_count++;
    return 0;
}

uint64_t counter_deliveries(void) { return __atomic_load_n(&deliveries, __ATOMIC_RELAXED); }
uint64_t counter_lost(void) { return __atomic_load_n(&lost, __ATOMIC_RELAXED); }
void counter_stop(void) { stopping = 1; }

static void pong(struct slot *s, const char *line, size_t len) {
    /* "PING <token>" -> "PONG <token>" (Modern IRC: the same token back). */
    char reply[PING_MAX + 8];
    if (len && line[len - 1] == '\r') len--;
    if (len < 4 || len > PING_MAX) return;
    memcpy(reply, "PONG", 4);
    memcpy(reply + 4, line + 4, len - 4);
    memcpy(reply + len, "\r\n", 2);
    send(s->fd, reply, len + 2, MSG_NOSIGNAL | MSG_DONTWAIT);
}

static void pings(struct slot *s, const char *region, size_t len) {
    const char *p = region, *end = region + len;
    if (s->pending) {
        const char *nl = memchr(region + s->tail_len, '\n', len - s->tail_len);
        const char *from = region + s->tail_len;
        size_t add = (nl ? nl : end) - from;
        if (s->ping_len + add > PING_MAX) add = PING_MAX - s->ping_len;
        memcpy(s->ping + s->ping_len, from, add);
        s->ping_len += add;
        if (nl) { s->pending = 0; pong(s, s->ping, s->ping_len); }
    }
    while ((p = memmem(p, end - p, "\nPING", 5))) {
        /* A match lying wholly in the tail was handled with the previous chunk. */
        if ((size_t)(p + 5 - region) > s->tail_len) {
            const char *nl = memchr(p + 1, '\n', end - p - 1);
            if (nl) {
                pong(s, p + 1, nl - p - 1);
            } else {
                size_t n = end - p - 1;
                s->ping_len = n < PING_MAX ? n : PING_MAX;
                memcpy(s->ping, p + 1, s->ping_len);
                s->pending = 1;
            }
        }
        p += 5;
    }
}

/* Until counter_stop: read whatever arrives, count, answer PINGs. A closed connection counts
 * as lost and is no longer watched (the fd stays open: Python owns it). */
void counter_run(void) {
    char *buffer = malloc(TAIL + BUFFER);
    struct epoll_event events[512];
    while (!stopping) {
        int n = epoll_wait(ep, events, 512, 0);
        for (int i = 0; i < n; i++) {
            struct slot *s = &slots[events[i].data.u64];
            if (!s->active) continue;
            char *data = buffer + TAIL;
            ssize_t got = recv(s->fd, data, BUFFER, MSG_DONTWAIT);
            if (got <= 0) {
                if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
                    continue;
                s->active = 0;
                epoll_ctl(ep, EPOLL_CTL_DEL, s->fd, NULL);
                __atomic_fetch_add(&lost, 1, __ATOMIC_RELAXED);
                continue;
            }
            /* The previous chunk's last bytes go just before this one, so a word cut in two
             * is seen whole; it cannot be counted twice, since the tail is shorter. */
            char *region = data - s->tail_len;
            memcpy(region, s->tail, s->tail_len);
            size_t len = s->tail_len + (size_t)got;
            uint64_t found = 0;
            const char *p = region, *end = region + len;
            while ((p = memmem(p, end - p, "PRIVMSG", 7))) { found++; p += 7; }
            if (found) __atomic_fetch_add(&deliveries, found, __ATOMIC_RELAXED);
            if (s->pending || memmem(region, len, "PING", 4)) pings(s, region, len);
            s->tail_len = len < TAIL ? len : TAIL;
            memcpy(s->tail, end - s->tail_len, s->tail_len);
        }
        if (n < 512) {
            struct timespec pause = {0, PASS_NS};
            nanosleep(&pause, NULL);
        }
    }
    free(buffer);
}

/* Forget every socket (they stay open) and close the epoll instance. After counter_run ends. */
void counter_close(void) {
    if (ep >= 0) close(ep);
    ep = -1;
    slot_count = 0;
    deliveries = lost = 0;
}

/* The ceiling: an IRC server that does almost nothing, to show what the load generator can
 * consume when a server costs next to no CPU. Not a real IRC server: it answers only what the
 * benchmark's clients wait for and parses only the command and the target of each line.
 *
 *   ceiling PORT          listen on 127.0.0.1:PORT
 *
 * - NICK + USER: ":ceiling 001 <nick> :welcome" (CAP, PONG and anything else is ignored).
 * - JOIN #room: the room is created on first use; the joiner alone gets its JOIN and 366.
 * - PRIVMSG/NOTICE #room :text: the line, behind ":nick!nick@127.0.0.1 ", to every other
 *   member; PRIVMSG nick: to that nick (found by a linear search: direct messages only).
 * - PING: PONG.  QUIT: close.
 *
 * One thread, epoll, non-blocking sockets. Output goes to a buffer per client and is written
 * once per pass of the loop (as InspIRCd does), so a client gets many lines per write; a
 * client more than 64 MiB behind is cut. Compiled by bench/irc at the start of a run.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#define READ_CHUNK 65536
#define MAX_INPUT (64 * 1024)
#define MAX_OUTPUT (64u * 1024 * 1024)
#define NICK_MAX 64

struct conn {
    int fd;
    int dead;
    int dirty;
    int writing; /* EPOLLOUT armed */
    int has_user;
    int registered;
    char nick[NICK_MAX];
    size_t nick_len;
    char *in;
    size_t in_len, in_cap;
    char *out;
    size_t out_len, out_off, out_cap;
};

struct room {
    char name[NICK_MAX];
    size_t name_len;
    struct conn **members;
    size_t count, cap;
};

static struct conn **conns; /* by fd */
static size_t conns_cap, fd_end; /* fd_end: one past the highest fd accepted */
static struct room *rooms;
static size_t room_count, room_cap;
static struct conn **dirty, **dead;
static size_t dirty_len, dead_len;
static int ep;

static void *grow(void *p, size_t *cap, size_t want, size_t size) {
    if (want <= *cap) return p;
    size_t n = *cap ? *cap : 16;
    while (n < want) n *= 2;
    p = realloc(p, n * size);
    if (!p) { perror("realloc"); exit(1); }
    *cap = n;
    return p;
}

static void kill_conn(struct conn *c) {
    if (c->dead) return;
    c->dead = 1;
    dead[dead_len++] = c;
}

static void append(struct conn *c, const char *data, size_t len) {
    if (c->dead) return;
    if (c->out_len + len > MAX_OUTPUT) { kill_conn(c); return; }
    c->out = grow(c->out, &c->out_cap, c->out_len + len, 1);
    memcpy(c->out + c->out_len, data, len);
    c->out_len += len;
    if (!c->dirty) { c->dirty = 1; dirty[dirty_len++] = c; }
}

static void append3(struct conn *c, const char *a, size_t al, const char *b, size_t bl,
                    const char *d, size_t dl) {
    append(c, a, al);
    append(c, b, bl);
    append(c, d, dl);
}

static void flush(struct conn *c) {
    if (c->dead) return;
    while (c->out_off < c->out_len) {
        ssize_t n = send(c->fd, c->out + c->out_off, c->out_len - c->out_off, MSG_NOSIGNAL);
        if (n > 0) { c->out_off += (size_t)n; continue; }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (!c->writing) {
                struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT, .data.fd = c->fd};
                epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
                c->writing = 1;
            }
            return;
        }
        kill_conn(c);
        return;
    }
    c->out_off = c->out_len = 0;
    if (c->writing) {
        struct epoll_event ev = {.events = EPOLLIN, .data.fd = c->fd};
        epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
        c->writing = 0;
    }
}

static struct room *find_room(const char *name, size_t len, int create) {
    for (size_t i = 0; i < room_count; i++)
        if (rooms[i].name_len == len && memcmp(rooms[i].name, name, len) == 0) return &rooms[i];
    if (!create || len >= NICK_MAX) return NULL;
    rooms = grow(rooms, &room_cap, room_count + 1, sizeof *rooms);
    struct room *r = &rooms[room_count++];
    memset(r, 0, sizeof *r);
    memcpy(r->name, name, len);
    r->name_len = len;
    return r;
}

static struct conn *find_nick(const char *nick, size_t len) {
    for (size_t fd = 0; fd < fd_end; fd++) {
        struct conn *c = conns[fd];
        if (c && !c->dead && c->nick_len == len && memcmp(c->nick, nick, len) == 0) return c;
    }
    return NULL;
}

static void welcome(struct conn *c) {
    c->registered = 1;
    append3(c, ":ceiling 001 ", 13, c->nick, c->nick_len, " :welcome\r\n", 11);
}

/* One line without its CR LF. Only the command and the first parameter are looked at. */
static void handle_line(struct conn *c, char *line, size_t len) {
    char *end = line + len;
    char *cmd = line;
    if (cmd < end && *cmd == '@') { cmd = memchr(cmd, ' ', end - cmd); if (!cmd) return; cmd++; }
    if (cmd < end && *cmd == ':') { cmd = memchr(cmd, ' ', end - cmd); if (!cmd) return; cmd++; }
    char *sp = memchr(cmd, ' ', end - cmd);
    size_t cmd_len = (sp ? sp : end) - cmd;
    char *arg = sp ? sp + 1 : end;
    char *arg_end = memchr(arg, ' ', end - arg);
    if (!arg_end) arg_end = end;
    size_t arg_len = arg_end - arg;
    if (arg_len && *arg == ':') { arg++; arg_len--; arg_end = end; arg_len = end - arg; }

    if ((cmd_len == 7 && memcmp(cmd, "PRIVMSG", 7) == 0) ||
        (cmd_len == 6 && memcmp(cmd, "NOTICE", 6) == 0)) {
        if (!c->registered || !arg_len) return;
        char prefix[2 * NICK_MAX + 16];
        int plen = snprintf(prefix, sizeof prefix, ":%.*s!%.*s@127.0.0.1 ", (int)c->nick_len,
                            c->nick, (int)c->nick_len, c->nick);
        if (*arg == '#') {
            struct room *r = find_room(arg, arg_len, 0);
            if (!r) return;
            for (size_t i = 0; i < r->count; i++) {
                struct conn *m = r->members[i];
                if (m != c) append3(m, prefix, (size_t)plen, cmd, (size_t)(end - cmd), "\r\n", 2);
            }
        } else {
            struct conn *m = find_nick(arg, arg_len);
            if (m) append3(m, prefix, (size_t)plen, cmd, (size_t)(end - cmd), "\r\n", 2);
        }
    } else if (cmd_len == 4 && memcmp(cmd, "NICK", 4) == 0) {
        if (!arg_len || arg_len >= NICK_MAX || c->registered) return;
        memcpy(c->nick, arg, arg_len);
        c->nick_len = arg_len;
        if (c->has_user) welcome(c);
    } else if (cmd_len == 4 && memcmp(cmd, "USER", 4) == 0) {
        c->has_user = 1;
        if (c->nick_len && !c->registered) welcome(c);
    } else if (cmd_len == 4 && memcmp(cmd, "JOIN", 4) == 0) {
        if (!c->registered || !arg_len || *arg != '#') return;
        struct room *r = find_room(arg, arg_len, 1);
        if (!r) return;
        int member = 0;
        for (size_t i = 0; i < r->count; i++) member |= r->members[i] == c;
        if (!member) {
            r->members = grow(r->members, &r->cap, r->count + 1, sizeof *r->members);
            r->members[r->count++] = c;
        }
        char reply[4 * NICK_MAX + 64];
        int n = snprintf(reply, sizeof reply,
                         ":%.*s!%.*s@127.0.0.1 JOIN %.*s\r\n:ceiling 366 %.*s %.*s :end\r\n",
                         (int)c->nick_len, c->nick, (int)c->nick_len, c->nick, (int)arg_len, arg,
                         (int)c->nick_len, c->nick, (int)arg_len, arg);
        append(c, reply, (size_t)n);
    } else if (cmd_len == 4 && memcmp(cmd, "PING", 4) == 0) {
        append3(c, ":ceiling PONG ceiling :", 23, arg, arg_len, "\r\n", 2);
    } else if (cmd_len == 4 && memcmp(cmd, "QUIT", 4) == 0) {
        kill_conn(c);
    }
}

static void readable(struct conn *c) {
    for (;;) {
        c->in = grow(c->in, &c->in_cap, c->in_len + READ_CHUNK, 1);
        ssize_t n = recv(c->fd, c->in + c->in_len, READ_CHUNK, 0);
        if (n == 0) { kill_conn(c); return; }
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK) kill_conn(c);
            break;
        }
        c->in_len += (size_t)n;
        char *start = c->in, *stop = c->in + c->in_len, *nl;
        while (!c->dead && (nl = memchr(start, '\n', stop - start))) {
            size_t len = nl - start;
            if (len && start[len - 1] == '\r') len--;
            handle_line(c, start, len);
            start = nl + 1;
        }
        c->in_len = stop - start;
        memmove(c->in, start, c->in_len);
        if (c->in_len > MAX_INPUT) kill_conn(c);
        if (c->dead || n < READ_CHUNK) break;
    }
}

static void close_conn(struct conn *c) {
    for (size_t i = 0; i < room_count; i++) {
        struct room *r = &rooms[i];
        for (size_t k = 0; k < r->count; k++)
            if (r->members[k] == c) { r->members[k] = r->members[--r->count]; break; }
    }
    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    conns[c->fd] = NULL;
    free(c->in);
    free(c->out);
    free(c);
}

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: ceiling PORT\n"); return 2; }
    signal(SIGPIPE, SIG_IGN);
    struct rlimit limit;
    getrlimit(RLIMIT_NOFILE, &limit);
    conns_cap = limit.rlim_cur > 1024 ? (size_t)limit.rlim_cur : 1024;
    conns = calloc(conns_cap, sizeof *conns);
    dirty = calloc(conns_cap, sizeof *dirty);
    dead = calloc(conns_cap, sizeof *dead);

    int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[1]))};
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(listener, (struct sockaddr *)&address, sizeof address) || listen(listener, 4096)) {
        perror("bind/listen");
        return 1;
    }
    ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = listener};
    epoll_ctl(ep, EPOLL_CTL_ADD, listener, &ev);
    struct epoll_event events[1024];
    for (;;) {
        int n = epoll_wait(ep, events, 1024, -1);
        if (n < 0) { if (errno == EINTR) continue; perror("epoll_wait"); return 1; }
        for (int i = 0; i < n; i++) {
            int fd = events[i].data.fd;
            if (fd == listener) {
                int client;
                while ((client = accept4(listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
                    if ((size_t)client >= conns_cap) { close(client); continue; }
                    struct conn *c = calloc(1, sizeof *c);
                    c->fd = client;
                    conns[client] = c;
                    if ((size_t)client >= fd_end) fd_end = (size_t)client + 1;
                    struct epoll_event cev = {.events = EPOLLIN, .data.fd = client};
                    epoll_ctl(ep, EPOLL_CTL_ADD, client, &cev);
                }
                continue;
            }
            struct conn *c = conns[fd];
            if (!c || c->dead) continue;
            if (events[i].events & EPOLLOUT) flush(c);
            if (events[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) readable(c);
        }
        for (size_t k = 0; k < dirty_len; k++) {
            dirty[k]->dirty = 0;
            flush(dirty[k]);
        }
        dirty_len = 0;
        for (size_t k = 0; k < dead_len; k++) close_conn(dead[k]);
        dead_len = 0;
    }
}

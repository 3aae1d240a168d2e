// A trivial `provided` runtime for the pool benchmarks: the Lambda Runtime API over one
// keep-alive connection, answering each event with the wall-clock microsecond it arrived at,
// so the benchmark measures Sluice's dispatch and nothing of a language runtime.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

static int connection;
static char buffer[1 << 20];
static size_t held;

static void send_all(const char *data, size_t length) {
    while (length > 0) {
        ssize_t sent = write(connection, data, length);
        if (sent <= 0) exit(2);
        data += sent;
        length -= (size_t)sent;
    }
}

/// Reads one response: its headers into `headers` (NUL-terminated), its body into `body`.
static size_t read_response(char *headers, size_t headers_size, char *body, size_t body_size) {
    char *end;
    while (!(end = memmem(buffer, held, "\r\n\r\n", 4))) {
        ssize_t got = read(connection, buffer + held, sizeof buffer - held);
        if (got <= 0) exit(3);
        held += (size_t)got;
    }
    size_t header_length = (size_t)(end - buffer) + 4;
    size_t copy = header_length < headers_size - 1 ? header_length : headers_size - 1;
    memcpy(headers, buffer, copy);
    headers[copy] = 0;
    size_t content = 0;
    for (char *line = headers; line; line = strstr(line, "\r\n")) {
        line += (line == headers) ? 0 : 2;
        if (strncasecmp(line, "Content-Length:", 15) == 0) content = strtoul(line + 15, NULL, 10);
        if (!*line) break;
    }
    while (held < header_length + content) {
        ssize_t got = read(connection, buffer + held, sizeof buffer - held);
        if (got <= 0) exit(4);
        held += (size_t)got;
    }
    if (content < body_size) {
        memcpy(body, buffer + header_length, content);
        body[content] = 0;
    }
    memmove(buffer, buffer + header_length + content, held - header_length - content);
    held -= header_length + content;
    return content;
}

int main(void) {
    char *api = getenv("AWS_LAMBDA_RUNTIME_API");
    char *colon = strrchr(api, ':');
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(colon + 1))};
    *colon = 0;
    inet_pton(AF_INET, api, &address.sin_addr);
    connection = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(connection, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(connection, (struct sockaddr *)&address, sizeof address) != 0) return 1;
    static const char next[] = "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: runtime\r\n\r\n";
    char headers[8192], body[65536], request[512], answer[64];
    for (;;) {
        send_all(next, sizeof next - 1);
        read_response(headers, sizeof headers, body, sizeof body);
        struct timeval now;
        gettimeofday(&now, NULL);
        char *id = strcasestr(headers, "Lambda-Runtime-Aws-Request-Id:");
        if (!id) return 5;
        id += 30;
        while (*id == ' ') id++;
        size_t id_length = strcspn(id, "\r\n");
        int answer_length = snprintf(answer, sizeof answer, "{\"received\":%lld}",
                                     (long long)now.tv_sec * 1000000 + now.tv_usec);
        int request_length = snprintf(request, sizeof request,
                                      "POST /2018-06-01/runtime/invocation/%.*s/response HTTP/1.1\r\nHost: runtime\r\n"
                                      "Content-Length: %d\r\n\r\n%s", (int)id_length, id, answer_length, answer);
        send_all(request, (size_t)request_length);
        read_response(headers, sizeof headers, body, sizeof body);
    }
}

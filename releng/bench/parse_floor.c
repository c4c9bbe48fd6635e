/* The practical parse floor for a candump -L log: parse every line's timestamp, channel, identifier
 * and payload into binary, and sum the 0x356 current field so nothing is optimised away.
 * Build: gcc -O2 -o parse_floor parse_floor.c     Run: ./parse_floor FILE
 * Copied unchanged (but for this line) from the team's shared benchmark kit, bench/parse_floor.c. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <fcntl.h>

static int hexv(char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; }

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: %s FILE\n", argv[0]); return 2; }
    int fd = open(argv[1], O_RDONLY);
    struct stat st; fstat(fd, &st);
    const char *p = mmap(0, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0), *end = p + st.st_size;
    long frames = 0, bad = 0; int64_t sum = 0; uint64_t tsum = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', end - p); if (!nl) nl = end;
        if (*p != '(') { bad++; p = nl + 1; continue; }
        const char *q = p + 1; uint64_t us = 0;
        while (*q != ')') { if (*q != '.') us = us * 10 + (*q - '0'); q++; }
        q += 2; while (*q != ' ') q++;                 /* channel */
        q++; uint32_t id = 0; while (*q != '#') id = id << 4 | hexv(*q++);
        q++; uint8_t data[64]; int n = 0;
        while (q + 1 < nl && *q != '\r') { data[n++] = hexv(q[0]) << 4 | hexv(q[1]); q += 2; }
        if (id == 0x356 && n >= 4) sum += (int16_t)(data[2] | data[3] << 8);
        tsum += us; frames++; p = nl + 1;
    }
    printf("frames %ld bad %ld current_sum %lld tsum %llu\n", frames, bad, (long long)sum, (unsigned long long)tsum);
    return 0;
}

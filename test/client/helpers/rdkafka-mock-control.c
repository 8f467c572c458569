/* librdkafka's mock cluster as a standalone broker with fault injection for client tests.
 * Usage: rdkafka-mock-control [num_brokers] [topic:partitions ...]
 * Prints "BOOTSTRAP=<host:port,...>", then reads commands on stdin, one per line, answering "OK" or "ERR":
 *   down <broker>                  disconnect a broker and refuse connections (a broker restart begins)
 *   up <broker>                    accept connections again
 *   leader <topic> <partition> <broker>
 *   errors <apikey> <err> [<err> ...]   the next requests of that API fail with these error codes
 *   rtt <broker> <ms>
 * Exits on EOF or SIGTERM.
 * Build: gcc -O2 -o rdkafka-mock-control rdkafka-mock-control.c $(pkg-config --cflags --libs rdkafka)
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

int main(int argc, char **argv) {
  char errstr[512];
  int nbrokers = argc > 1 ? atoi(argv[1]) : 1;
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  if (!rk) { fprintf(stderr, "rd_kafka_new: %s\n", errstr); return 1; }
  rd_kafka_mock_cluster_t *mc = rd_kafka_mock_cluster_new(rk, nbrokers < 1 ? 1 : nbrokers);
  if (!mc) { fprintf(stderr, "mock cluster creation failed\n"); return 1; }
  for (int i = 2; i < argc; i++) {
    char t[256]; int parts = 1;
    snprintf(t, sizeof t, "%s", argv[i]);
    char *c = strchr(t, ':'); if (c) { *c = 0; parts = atoi(c + 1); }
    rd_kafka_mock_topic_create(mc, t, parts, 1);
  }
  printf("BOOTSTRAP=%s\n", rd_kafka_mock_cluster_bootstraps(mc));
  fflush(stdout);
  signal(SIGPIPE, SIG_IGN);
  char line[1024];
  while (fgets(line, sizeof line, stdin)) {
    char cmd[32] = {0}, topic[256] = {0};
    int a = 0, b = 0, c = 0;
    rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
    if (sscanf(line, "%31s", cmd) != 1) continue;
    if (!strcmp(cmd, "down") && sscanf(line, "%*s %d", &a) == 1) err = rd_kafka_mock_broker_set_down(mc, a);
    else if (!strcmp(cmd, "up") && sscanf(line, "%*s %d", &a) == 1) err = rd_kafka_mock_broker_set_up(mc, a);
    else if (!strcmp(cmd, "rtt") && sscanf(line, "%*s %d %d", &a, &b) == 2) err = rd_kafka_mock_broker_set_rtt(mc, a, b);
    else if (!strcmp(cmd, "leader") && sscanf(line, "%*s %255s %d %d", topic, &b, &c) == 3)
      err = rd_kafka_mock_partition_set_leader(mc, topic, b, c);
    else if (!strcmp(cmd, "errors")) {
      rd_kafka_resp_err_t errs[64]; size_t n = 0; char *p = line; int apikey;
      strtok(p, " \n"); /* "errors" */
      char *tok = strtok(NULL, " \n");
      if (!tok) { printf("ERR\n"); fflush(stdout); continue; }
      apikey = atoi(tok);
      while ((tok = strtok(NULL, " \n")) && n < 64) errs[n++] = (rd_kafka_resp_err_t)atoi(tok);
      rd_kafka_mock_push_request_errors_array(mc, (int16_t)apikey, n, errs);
    } else { printf("ERR\n"); fflush(stdout); continue; }
    printf(err ? "ERR\n" : "OK\n");
    fflush(stdout);
  }
  rd_kafka_mock_cluster_destroy(mc);
  rd_kafka_destroy(rk);
  return 0;
}

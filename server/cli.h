/* cli.h — the subcommands of the wvlv binary. */
#ifndef WVLV_SERVER_CLI_H
#define WVLV_SERVER_CLI_H

/* Each returns the process exit code: 0 ok, 1 failure, 2 usage. */
int cmd_serve(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_seed_demo(int argc, char **argv);
int cmd_keys(int argc, char **argv);
int cmd_alerts(int argc, char **argv);
int cmd_purge(int argc, char **argv);
#endif

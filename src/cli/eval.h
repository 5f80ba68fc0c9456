/* `whosaid eval`: scores predictions against gold annotations with the
 * definitions of ../shared/eval/score.py. */
#ifndef WS_CLI_EVAL_H
#define WS_CLI_EVAL_H

int eval_main(int argc, char **argv);

#endif

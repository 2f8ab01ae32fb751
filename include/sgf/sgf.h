/* sgf.h: everything public in one include. */
#ifndef SGF_H
#define SGF_H

#include "sgf_batch.h"
#include "sgf_def.h"
#include "sgf_output.h"
#include "sgf_rng.h"
#include "sgf_scenario.h"
#include "sgf_status.h"
#include "sgf_sweep.h"
#include "sgf_world.h"

#endif

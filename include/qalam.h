/*
 * qalam.h - the whole public API of qalam, the news portal core.
 *
 * Include this one header. Each concept has its own header under qalam/;
 * qalam/sys/ holds extension hooks with a weaker promise (see those files).
 */
#ifndef QALAM_H
#define QALAM_H

#include "qalam/common.h"
#include "qalam/version.h"
#include "qalam/text.h"
#include "qalam/date.h"
#include "qalam/markdown.h"
#include "qalam/store.h"
#include "qalam/article.h"
#include "qalam/query.h"
#include "qalam/feed.h"
#include "qalam/files.h"
#include "qalam/changes.h"

#endif

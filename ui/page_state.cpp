// ui/page_state.cpp — what the platform asks of the UI state, with the decisions kept here: the
// sentence a reader sees about a loaded atlas, a link's view, the preferences to remember, and
// the text view's updates. The platform (wasm/) only moves bytes and calls.
#include "atlas/changes.h"
#include "atlas/read_aloud.h"
#include "atlas/url_state.h"
#include "atlas_ui.h"

namespace atlas_ui {

int TakeAtlas(State& state, const atlas::Atlas* atlas, const atlas::LoadReport& report) {
    state.atlas = atlas;  // an unusable atlas is empty; the status line says why
    state.compare.clear();
    state.open_study = -1;
    int code = 0;
    if (!report.usable) {
        state.status = atlas::TrF(state.lang, "ui.status.unusable", {report.fatal});
        code = 2;
    } else if (report.rejected || report.errors) {
        state.status = report.rejected
            ? atlas::TrF(state.lang, "ui.status.rejected", {atlas::FormatNumber(state.lang, (long long)report.rejected),
                                                            atlas::FormatNumber(state.lang, (long long)(report.loaded + report.rejected))})
            : atlas::Tr(state.lang, "ui.status.errors");
        code = 1;
    } else {
        state.status.clear();
    }
    state.since.clear();  // marks belong to the atlas they were made for; the page sends new ones
    if (atlas) state.glyphs.AddAtlas(*atlas);
    state.glyphs.ForgetAtlasScan();  // this load is over
    state.result = RunQuery(state);
    state.cursor = -1;
    state.view_changed = true;
    return code;
}

void TakePartialAtlas(State& state, const atlas::Atlas* atlas, size_t read, size_t expected) {
    state.atlas = atlas;
    state.status = expected > read
        ? atlas::TrN(state.lang, "ui.status.searching_of", (long long)expected, {atlas::FormatNumber(state.lang, (long long)read)})
        : atlas::TrN(state.lang, "ui.status.searching", (long long)read);
    state.since.clear();  // marks are made for the whole atlas, once it is in
    state.glyphs.AddAtlas(*atlas);  // what arrived since the last part
    state.result = RunQuery(state);
    if (state.open_study >= (int)atlas->studies.size()) state.open_study = -1;
    state.view_changed = true;
}

void TakeMessages(State& state, std::string_view catalogue_json) {
    state.glyphs.AddText(catalogue_json);
    state.mirror_sent = {};  // said again in these words
    state.view_changed = true;
}

void SetToday(State& state, std::string_view ymd) {
    state.today = std::string(ymd);
    state.current_year = 0;
    if (ymd.size() >= 4)
        for (char c : ymd.substr(0, 4)) state.current_year = state.current_year * 10 + (c >= '0' && c <= '9' ? c - '0' : 0);
    state.view_changed = true;
}

atlas::QueryResult RunQuery(const State& state) {
    if (!state.atlas) return {};
    return atlas::RunQuery(*state.atlas, state.query, state.since.empty() ? nullptr : &state.since);
}

void SetSeen(State& state, std::string_view snapshot) {
    if (!state.atlas) return;
    state.since = atlas::MarksSinceVisit(*state.atlas, snapshot);
    bool any = false;
    for (atlas::SinceVisit mark : state.since) any |= mark != atlas::SinceVisit::Same;
    if (!any) {  // a first visit, or nothing new (or all marked seen): no marks, no filter
        state.since.clear();
        state.query.since = 0;
    }
    state.result = RunQuery(state);
    state.cursor = -1;
    state.view_changed = true;
}

std::string ApplyUrl(State& state, std::string_view query_string) {
    if (!state.atlas) return {};
    atlas::UrlView view = atlas::ParseUrlView(*state.atlas, query_string);
    state.query = view.query;
    state.glyphs.AddText(state.query.text);
    state.result = RunQuery(state);
    state.cursor = -1;
    state.open_study = -1;
    state.card_trail.clear();
    state.return_screen = state.topic_return = atlas::Screen::Atlas;
    state.screen = atlas::Screen::Atlas;
    if (view.screen.grid) {
        state.screen = atlas::Screen::Grid;
        state.grid_axis = view.screen.grid_axis;
    }
    if (view.screen.topic >= 0) {
        state.topic = view.screen.topic;
        state.topic_page = atlas::BuildTopicPage(*state.atlas, (uint32_t)state.topic, state.query.pem_only);
        state.screen = atlas::Screen::Topic;
    }
    for (size_t i = 0; i < state.atlas->studies.size(); ++i)
        if (state.atlas->Text(state.atlas->studies[i].slug) == view.study_slug) state.open_study = (int)i;
    if (view.has_depth) state.depth = view.depth;
    state.view_changed = true;
    std::string ignored;
    for (const std::string& item : view.ignored) ignored += (ignored.empty() ? "" : "; ") + item;
    return ignored;
}

int EffectiveTextScale(const State& state) {
    return state.calm && state.text_scale < kCalmMinTextScale ? kCalmMinTextScale : state.text_scale;
}

std::string UrlState(const State& state) {
    if (!state.atlas) return {};
    const atlas::Atlas& a = *state.atlas;
    std::string slug = state.open_study >= 0 ? std::string(a.Text(a.studies[state.open_study].slug)) : "";
    // Depth is a reading preference: links carry it only when it differs from the default.
    atlas::UrlScreen screen;
    screen.grid = state.screen == atlas::Screen::Grid;
    screen.grid_axis = state.grid_axis;
    screen.topic = state.screen == atlas::Screen::Topic ? state.topic : -1;
    if (state.screen != atlas::Screen::Atlas) slug.clear();  // the card shows on the atlas screen only
    return atlas::FormatUrlView(a, state.query, slug, state.depth != atlas::ReadingDepth::Standard, state.depth, screen);
}

std::string PrefsJson(const State& state) {
    return std::string("{\"theme\":\"") + std::string(atlas::ThemeCode(state.theme)) + "\",\"textsize\":" +
           std::to_string(state.text_scale) + ",\"depth\":\"" + std::string(atlas::ReadingDepthCode(state.depth)) +
           "\",\"calm\":" + (state.calm ? "true" : "false") + ",\"lang\":\"" + std::string(atlas::LangCode(state.lang)) + "\"}";
}

std::string ReadingScript(const State& state, std::string_view what) {
    if (!state.atlas) return "[]";
    if (what == "card" && state.open_study >= 0 && state.screen == atlas::Screen::Atlas) {
        const atlas::Study& study = state.atlas->studies[state.open_study];
        return atlas::SpokenJson(atlas::ReadCardAloud(atlas::BuildCard(*state.atlas, study, state.current_year, state.depth)));
    }
    if (what == "list") return atlas::SpokenJson(atlas::ReadListAloud(*state.atlas, state.result.studies));
    return "[]";
}

std::string BackLabel(const State& state) {
    if (!state.card_trail.empty() && state.atlas) {
        const atlas::Study& from = state.atlas->studies[state.card_trail.back()];
        return atlas::TrF(state.lang, "ui.back_to", {atlas::ShortReference(*state.atlas, from)});
    }
    if (state.return_screen == atlas::Screen::Topic) return atlas::Tr(state.lang, "ui.back_topic");
    if (state.return_screen == atlas::Screen::Grid) return atlas::Tr(state.lang, "ui.back_map");
    return atlas::Tr(state.lang, "ui.back_results");
}

std::string TextViewUpdate(State& state) {
    if (!state.atlas) return {};
    atlas::MirrorView view;
    view.query = &state.query;
    view.result = &state.result;
    view.open_study = state.screen == atlas::Screen::Atlas ? state.open_study : -1;
    view.status = state.status;
    view.screen = state.screen == atlas::Screen::Compare ? "compare" : state.screen == atlas::Screen::Gallery ? "gallery" : "atlas";
    view.current_year = state.current_year;
    view.depth = state.depth;
    view.compare = state.compare;
    view.accessed_date = state.today;
    view.filters_open = state.show_filters;
    view.max_listed = state.text_view_rows;
    view.back_label = BackLabel(state);
    view.show_grid = state.screen == atlas::Screen::Grid;
    view.grid_axis = state.grid_axis;
    view.topic = state.screen == atlas::Screen::Topic && state.topic >= 0 ? &state.topic_page : nullptr;
    view.since = state.since.empty() ? nullptr : &state.since;
    view.lang = state.lang;
    atlas::MirrorParts parts = atlas::MirrorViewParts(*state.atlas, view);
    parts.url = UrlState(state);
    return atlas::MirrorUpdateJson(parts, state.mirror_sent);
}

}  // namespace atlas_ui

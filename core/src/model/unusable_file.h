// unusable_file.h — the message of a file that cannot be used (internal to core/src).
//
// Once the scanner finds the document broken (not JSON, invalid UTF-8, cut short), the file cannot be
// used and only its message is left to find, in the words the loader has always used: nlohmann's
// description of the syntax error and the place as an editor counts it, or the first invalid UTF-8
// anywhere in the file (which wins). This is the replaced loader's own machinery, started at the last
// study that began (or the document's start), where nlohmann's parser state is known: a byte scanner
// that checks UTF-8, counts lines and cuts the document before each study's first key, and nlohmann's
// SAX parser over each piece behind a prefix that recreates that state.
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace atlas {
namespace detail {

// Where the scan starts: the document's start, or the first key of a study, where the old loader cut
// the document (nlohmann's parser state there is always the same, and a string token begins, which
// starts afresh the "last read" text its messages quote).
struct ResumePoint {
    size_t offset = 0, line = 1, column = 1;
    bool in_studies = false;
};

class UnusableFile {
public:
    // `parse`: false when the loader already stopped with a message; then only UTF-8 is still checked.
    UnusableFile(const ResumePoint& at, bool parse);
    ~UnusableFile();
    void Feed(std::string_view chunk);
    // The message: invalid UTF-8 anywhere, else the syntax error, else "" (the loader's own, if any, stands).
    std::string Finish();
    size_t BufferedBytes() const;

private:
    std::unique_ptr<class UnusableFileScan> scan_;
};

// A double as nlohmann's JSON writer writes it ("2020.0", "1.8446744073709552e+19"): how the loader's
// messages have always quoted a number that is not an integer.
std::string JsonNumber(double value);

}  // namespace detail
}  // namespace atlas

package feeds

import (
	"context"
	"errors"

	"github.com/verso-news/verso/news"
)

// ParseHTML extracts the article from a saved web page: body paragraphs,
// captions, title, byline, site name, published date, canonical URL and
// language. path is recorded as the article's source.
func ParseHTML(ctx context.Context, data []byte, path string) (news.Article, error) {
	return news.Article{}, errors.New("html extraction not implemented yet")
}

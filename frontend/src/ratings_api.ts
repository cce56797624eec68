// ratings_api.ts - feedback, ratings and the leaderboards (docs/platform.md
// "Feedback", "Ratings and leaderboards") as typed calls, beside api.ts.
import { request, type UserRef } from "./api";

export const SCORES = ["communication", "problem_solving", "code_quality", "collaboration"] as const;
export type ScoreName = typeof SCORES[number];
export const SCORE_LABELS: Record<ScoreName, string> = {
  communication: "Communication",
  problem_solving: "Problem solving",
  code_quality: "Code quality",
  collaboration: "Collaboration",
};

export interface FeedbackItem extends Record<ScoreName, number> {
  from: UserRef;
  to: UserRef;
  comment: string;
  created_at: number;
  updated_at: number;
}

export interface RoomFeedback {
  room: string;
  ended: boolean;
  ended_at: number | null;
  open: boolean;
  closes_at: number | null;
  to: UserRef | null;
  given: FeedbackItem | null;
  received: FeedbackItem | null;
  received_hidden: boolean;
}

export interface Meta {
  current_page: number;
  next_page: number | null;
  prev_page: number | null;
  per_page: number;
  total_pages: number;
  total_count: number;
}

export interface Rating {
  rating: number;
  rd: number;
  volatility: number;
  games: number;
  updated_at: number | null;
  language?: string;
}

export interface RatingPoint {
  room: string;
  ended_at: number;
  problem: { slug: string; title: string };
  difficulty: string;
  language: string;
  tests: number;
  feedback: number | null;
  score: number;
  rating: { rating: number; rd: number };
  language_rating: { rating: number; rd: number };
}

export interface MyRatings {
  overall: Rating;
  languages: Rating[];
  history: RatingPoint[];
}

export interface BoardRow extends Rating {
  rank: number;
  user: { id: number; username: string; display_name: string; organisation: string };
}

export interface Board {
  leaderboard: BoardRow[];
  language: string | null;
  organisation: string | null;
  meta: Meta;
}

export interface OrgRow {
  rank: number;
  organisation: string;
  members: number;
  rating: number;
}

export interface OrgBoard {
  organisations: OrgRow[];
  language: string | null;
  min_members: number;
  meta: Meta;
}

/** A feedback the caller received, as GET /api/v1/me/feedback lists it. */
export interface ReceivedFeedback extends Record<ScoreName, number> {
  room: string;
  problem: { slug: string; title: string; difficulty: string };
  language: string;
  room_ended_at: number | null;
  from: UserRef;
  comment: string;
  created_at: number;
  updated_at: number;
}

export interface MyFeedback {
  feedback: ReceivedFeedback[];
  averages: { count: number; overall: number | null } & Record<ScoreName, number | null>;
  meta: Meta;
}

const opts = (signal?: AbortSignal) => (signal ? { signal } : {});
const room = (id: string) => `/api/v1/rooms/${encodeURIComponent(id)}/feedback`;

export const ratingsApi = {
  feedback: (id: string, signal?: AbortSignal) => request<RoomFeedback>("GET", room(id), opts(signal)),
  giveFeedback: (id: string, body: Record<ScoreName, number> & { comment: string }) =>
    request<RoomFeedback>("PUT", room(id), { body }),
  myFeedback: (page: number, perPage: number, signal?: AbortSignal) =>
    request<MyFeedback>("GET", `/api/v1/me/feedback?page=${page}&per_page=${perPage}`, opts(signal)),
  myRatings: (signal?: AbortSignal) => request<MyRatings>("GET", "/api/v1/me/ratings", opts(signal)),
  board: (query: Record<string, string>, signal?: AbortSignal) =>
    request<Board>("GET", "/api/v1/leaderboard?" + new URLSearchParams(query).toString(), opts(signal)),
  orgBoard: (query: Record<string, string>, signal?: AbortSignal) =>
    request<OrgBoard>("GET", "/api/v1/leaderboard/organisations?" + new URLSearchParams(query).toString(), opts(signal)),
};

/** A rating as people read it: 1523 ± 84. */
export function ratingText(r: { rating: number; rd: number }): string {
  return `${Math.round(r.rating)} ± ${Math.round(r.rd)}`;
}

/** What the fit pass in the printed page reports: each text box's scale, overflow, and what reaches outside the safe zone. */
export interface BoxFit {
  scale: number;
  overflow: boolean;
  field?: string;
  /** The size most of the box's text is set in, after fitting. */
  textPt: number;
}

export interface FaceFit {
  id: string;
  boxes: BoxFit[];
  outside: Array<{ field: string; byPt: number }>;
}

export interface FitResult {
  fontErrors: string[];
  faces: FaceFit[];
}
